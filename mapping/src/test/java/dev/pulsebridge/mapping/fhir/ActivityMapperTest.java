package dev.pulsebridge.mapping.fhir;

import static dev.pulsebridge.mapping.fhir.MeasureGroupMapperTest.withLocalCode;
import static dev.pulsebridge.mapping.fhir.MeasureGroupMapperTest.withLoinc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.Fixtures;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.util.List;
import org.hl7.fhir.r5.model.Observation;
import org.junit.jupiter.api.Test;

class ActivityMapperTest {

    private final ActivityMapper mapper = new ActivityMapper();

    private MappingResult map(String fixture) {
        return mapper.map(WithingsPayloads.activities(Fixtures.json(fixture)).items(), Fixtures.CONTEXT);
    }

    @Test
    void eachMetricOfADayIsOneObservationCoveringTheLocalDay() {
        MappedRecord day = map("joostlek-python-withings/activity.json").records().get(0);
        Observation steps = withLoinc(day.observations(), "41950-7");

        assertThat(day.recordKey()).isEqualTo("activity:2023-10-20");
        assertThat(steps.getValueQuantity().getValue()).isEqualByComparingTo("1209");
        assertThat(steps.getValueQuantity().getCode()).isEqualTo("/d");
        assertThat(steps.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2023-10-20T00:00:00+02:00");
        assertThat(steps.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2023-10-20T23:59:59+02:00");
        assertThat(steps.getIdentifierFirstRep().getValue()).isEqualTo("12345.activity.2023-10-20.steps");
        assertThat(steps.getCategory().get(0).getCodingFirstRep().getCode()).isEqualTo("activity");
    }

    @Test
    void distanceCaloriesAndDurationsKeepTheirUnits() {
        List<Observation> observations = map("joostlek-python-withings/activity.json").records().get(0).observations();

        assertThat(withLoinc(observations, "103208-5").getValueQuantity().getValue()).isEqualByComparingTo("1028.559");
        assertThat(withLoinc(observations, "41979-6").getValueQuantity().getValue()).isEqualByComparingTo("85.497");
        assertThat(withLocalCode(observations, "activity:totalcalories").getValueQuantity().getValue()).isEqualByComparingTo("2303.788");
        Observation light = withLocalCode(observations, "activity:soft");
        assertThat(light.getValueQuantity().getValue()).isEqualByComparingTo("31.07");
        assertThat(light.getValueQuantity().getCode()).isEqualTo("min");
        assertThat(withLoinc(observations, "8873-2").getValueQuantity().getValue()).isEqualByComparingTo("80");
    }

    @Test
    void zerosMeanNotMeasured() {
        List<Observation> observations = map("roessland-withoutings/withings-resp-measurev2-getactivity-0.json").observations();

        assertThat(observations).extracting(o -> o.getIdentifierFirstRep().getValue())
                .containsExactly("12345.activity.2022-01-26.totalcalories");
    }
}
