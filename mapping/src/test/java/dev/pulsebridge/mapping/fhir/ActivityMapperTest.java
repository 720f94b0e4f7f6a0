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

    /** A Paris day with its intraday slices grafted on, one of them from the evening before (local time). */
    private static final String DAY_WITH_SLICES = """
            {"activities": [{"date": "2026-11-30", "timezone": "Europe/Paris", "steps": 5000, "hr_average": 70,
              "hash_deviceid": "watch-1", "modelid": 93, "model": "ScanWatch",
              "getintradayactivity_series": {
                "1795991400": {"heart_rate": 58, "duration": 60, "deviceid": "watch-1", "model_id": 93},
                "1796022000": {"steps": 40, "duration": 60, "deviceid": "watch-1", "model_id": 93},
                "1796022060": {"steps": 55, "heart_rate": 96, "duration": 60, "deviceid": "watch-1", "model_id": 93}}}]}
            """;

    @Test
    void aDayWithItsSlicesAddsOneSeriesPerFieldToTheDaysRecord() {
        MappedRecord day = mapper.map(WithingsPayloads.activities(WithingsPayloads.parse(DAY_WITH_SLICES)).items(),
                Fixtures.CONTEXT).records().get(0);

        Observation steps = withLocalCode(day.observations(), "intraday:steps");
        assertThat(day.recordKey()).isEqualTo("activity:2026-11-30");
        assertThat(steps.getValueSampledData().getData()).isEqualTo("40 55");
        assertThat(steps.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-30T08:00:00+01:00");
        assertThat(withLocalCode(day.observations(), "intraday:heart_rate").getValueSampledData().getData())
                .as("the 23:30 slice belongs to the day before").isEqualTo("96");
    }

    @Test
    void aDayTotalIsDerivedFromTheSeriesItSums() {
        List<Observation> observations = mapper.map(WithingsPayloads.activities(WithingsPayloads.parse(DAY_WITH_SLICES)).items(),
                Fixtures.CONTEXT).observations();

        Observation series = withLocalCode(observations, "intraday:steps");
        assertThat(withLoinc(observations, "41950-7").getDerivedFrom()).extracting(r -> r.getReference())
                .containsExactly(Observations.reference(series).getReference());
        assertThat(withLocalCode(observations, "activity:hr_average").getDerivedFrom()).extracting(r -> r.getReference())
                .containsExactly(Observations.reference(withLocalCode(observations, "intraday:heart_rate")).getReference());
    }
}
