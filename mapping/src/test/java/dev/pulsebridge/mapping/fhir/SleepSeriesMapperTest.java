package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.mapping.Fixtures;
import dev.pulsebridge.mapping.withings.SleepSummary;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import dev.pulsebridge.terminology.Canonicals;
import java.util.List;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.SampledData;
import org.junit.jupiter.api.Test;

class SleepSeriesMapperTest {

    private static final String SLEEP_GET = "roessland-withoutings/withings-resp-sleepv2-get-0.json";
    private static final String SUMMARY = "roessland-withoutings/withings-resp-sleepv2-getsummary-0.json";

    private static Observation byCode(List<Observation> observations, String localCode) {
        return observations.stream().filter(o -> o.getCode().getCoding().stream().anyMatch(c -> c.getCode().equals(localCode)))
                .findFirst().orElseThrow(() -> new AssertionError("no Observation coded " + localCode));
    }

    private static List<Observation> realNight() {
        return new SleepSeriesMapper().map(WithingsPayloads.sleepStages(Fixtures.json(SLEEP_GET)), Fixtures.CONTEXT)
                .records().get(0).observations();
    }

    @Test
    void theRealNightsStagesBecomeOneCodedSeriesFromItsFirstStageToItsLast() {
        Observation stages = byCode(realNight(), "sleep-series:state");
        SampledData data = stages.getValueSampledData();

        assertThat(stages.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2024-03-01T23:43:00+00:00");
        assertThat(stages.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2024-03-02T08:35:00+00:00");
        assertThat(data.getCodeMap()).isEqualTo(Canonicals.SLEEP_STATE_DATA);
        assertThat(data.getData().split(" ")).hasSize(data.getOffsets().split(" ").length);
        assertThat(data.getData()).startsWith("0 ");
        assertThat(data.getOffsets()).startsWith("0 120 ");
    }

    @Test
    void eachSampledFieldOfTheRealNightIsOnePerMinuteSeries() {
        List<Observation> night = realNight();

        assertThat(night).extracting(o -> o.getCode().getCoding().get(o.getCode().getCoding().size() - 1).getCode())
                .containsExactly("sleep-series:state", "sleep-series:hr", "sleep-series:rr", "sleep-series:sdnn_1",
                        "sleep-series:rmssd", "sleep-series:snoring");
        Observation heartRate = byCode(night, "sleep-series:hr");
        assertThat(heartRate.getCode().getCodingFirstRep().getCode()).isEqualTo("8867-4");
        assertThat(heartRate.getValueSampledData().getInterval().longValueExact()).isEqualTo(60);
        assertThat(heartRate.getValueSampledData().getData().split(" ")).hasSize(532);
        assertThat(heartRate.getValueSampledData().getData()).startsWith("57 57 ");
        assertThat(heartRate.getMeta().getProfile()).as("vital-signs profiles require a Quantity").isEmpty();
        assertThat(heartRate.getDevice().getReference()).startsWith("Device/");
    }

    @Test
    void aNightCarryingItsSleepGetSeriesHasThemAsMembersOfItsPanel() {
        ObjectNode summary = (ObjectNode) Fixtures.json(SUMMARY).deepCopy();
        ArrayNode series = (ArrayNode) Fixtures.json(SLEEP_GET).path("body").path("series");
        ((ObjectNode) summary.path("body").path("series").get(0)).set(SleepSummary.STAGES_FIELD, series.deepCopy());

        MappedRecord night = new SleepSummaryMapper().map(WithingsPayloads.sleepSummaries(summary).items(), Fixtures.CONTEXT)
                .records().get(0);

        Observation panel = night.observations().get(0);
        Observation stages = byCode(night.observations(), "sleep-series:state");
        assertThat(panel.getHasMember()).extracting(Reference::getReference).contains("Observation/" + stages.getIdPart());
        assertThat(stages.getIdentifierFirstRep().getValue()).isEqualTo("12345.sleep.3451311759.series.state");
        assertThat(stages.getEffectivePeriod().getStartElement().getValueAsString())
                .as("shown in the night's own zone").endsWith("+01:00");
    }
}
