package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulsebridge.terminology.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.hl7.fhir.r5.model.Device;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Resource;
import org.junit.jupiter.api.Test;

class MappingResultSplitTest {

    private static MappedRecord record(String key, int observations) {
        List<Resource> resources = new ArrayList<>();
        IntStream.range(0, observations).forEach(i -> resources.add(new Observation().setId(key + "-" + i)));
        return new MappedRecord(key, resources);
    }

    private static final Device SCALE = (Device) new Device().setId("scale");

    private static MappingResult result(MappedRecord... records) {
        return new MappingResult(List.of(records), List.of(SCALE),
                List.of(new UnmappedValue(Source.GETMEAS, "999", "r1")), List.of(new SkippedItem("r0", "empty")));
    }

    private static List<String> keys(MappingResult part) {
        return part.records().stream().map(MappedRecord::recordKey).toList();
    }

    @Test
    void partsHoldAtMostTheBoundAndKeepEveryRecordInOrder() {
        MappingResult page = result(record("a", 3), record("b", 3), record("c", 3), record("d", 1));

        List<MappingResult> parts = page.split(6);

        assertThat(parts).extracting(MappingResultSplitTest::keys)
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void aRecordLargerThanTheBoundIsAPartOfItsOwnNeverCut() {
        List<MappingResult> parts = result(record("a", 1), record("night", 20), record("b", 1)).split(5);

        assertThat(parts).extracting(MappingResultSplitTest::keys)
                .containsExactly(List.of("a"), List.of("night"), List.of("b"));
        assertThat(parts.get(1).records().get(0).resources()).hasSize(20);
    }

    @Test
    void everyPartCarriesTheDevicesButOnlyTheFirstTheUnmappedAndSkipped() {
        List<MappingResult> parts = result(record("a", 2), record("b", 2)).split(2);

        assertThat(parts).allSatisfy(part -> assertThat(part.devices()).containsExactly(SCALE));
        assertThat(parts.get(0).unmapped()).hasSize(1);
        assertThat(parts.get(0).skipped()).hasSize(1);
        assertThat(parts.get(1).unmapped()).isEmpty();
        assertThat(parts.get(1).skipped()).isEmpty();
    }

    @Test
    void aResultWithinTheBoundOrWithoutRecordsStaysOnePart() {
        assertThat(result(record("a", 2)).split(500)).singleElement().extracting(MappingResultSplitTest::keys)
                .isEqualTo(List.of("a"));
        assertThat(result().split(500)).singleElement().satisfies(part -> {
            assertThat(part.records()).isEmpty();
            assertThat(part.skipped()).hasSize(1);
        });
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> result(record("a", 1)).split(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
