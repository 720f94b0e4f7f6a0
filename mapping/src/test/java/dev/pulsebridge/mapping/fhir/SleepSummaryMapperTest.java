package dev.pulsebridge.mapping.fhir;

import static dev.pulsebridge.mapping.fhir.MeasureGroupMapperTest.withLocalCode;
import static dev.pulsebridge.mapping.fhir.MeasureGroupMapperTest.withLoinc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.Fixtures;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.util.List;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.Test;

class SleepSummaryMapperTest {

    private static final String NIGHT = "roessland-withoutings/withings-resp-sleepv2-getsummary-0.json";
    private final SleepSummaryMapper mapper = new SleepSummaryMapper();

    private MappingResult map(String fixture) {
        return mapper.map(WithingsPayloads.sleepSummaries(Fixtures.json(fixture)).items(), Fixtures.CONTEXT);
    }

    private MappingResult mapJson(String json) {
        return mapper.map(WithingsPayloads.sleepSummaries(WithingsPayloads.parse(json)).items(), Fixtures.CONTEXT);
    }

    @Test
    void eachNightIsOnePanelCoveringTheNightWithOneMemberPerMetric() {
        MappedRecord night = map(NIGHT).records().get(0);
        Observation panel = night.observations().get(0);

        assertThat(night.recordKey()).isEqualTo("sleep:3451311759");
        assertThat(panel.getCode().getCodingFirstRep().getCode()).isEqualTo("sleep:summary");
        assertThat(panel.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2023-05-21T23:54:00+02:00");
        assertThat(panel.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2023-05-22T09:00:00+02:00");
        List<Observation> members = night.observations().subList(1, night.observations().size());
        assertThat(panel.getHasMember()).extracting(Reference::getReference)
                .containsExactlyElementsOf(members.stream().map(m -> "Observation/" + m.getIdPart()).toList());
        assertThat(panel.getCategory()).extracting(c -> c.getCodingFirstRep().getCode()).containsExactly("activity", "sleep");
    }

    @Test
    void durationsAreConvertedFromSecondsToMinutesWithTheirLoincCodes() {
        List<Observation> observations = map(NIGHT).observations();

        Observation total = withLoinc(observations, "93832-4");
        assertThat(total.getValueQuantity().getValue()).isEqualByComparingTo("466");
        assertThat(total.getValueQuantity().getCode()).isEqualTo("min");
        assertThat(withLoinc(observations, "93831-6").getValueQuantity().getValue()).isEqualByComparingTo("159");
        assertThat(withLoinc(observations, "93830-8").getValueQuantity().getValue()).isEqualByComparingTo("172");
        assertThat(withLoinc(observations, "93829-0").getValueQuantity().getValue()).isEqualByComparingTo("135");
        assertThat(withLocalCode(observations, "sleep:waso").getValueQuantity().getValue()).isEqualByComparingTo("68");
    }

    @Test
    void efficiencyIsAPercentageAndRatesArePerMinute() {
        List<Observation> observations = map(NIGHT).observations();

        Observation efficiency = withLocalCode(observations, "sleep:sleep_efficiency");
        assertThat(efficiency.getValueQuantity().getValue()).isEqualByComparingTo("97");
        assertThat(efficiency.getValueQuantity().getCode()).isEqualTo("%");
        Observation respiration = withLoinc(observations, "103217-6");
        assertThat(respiration.getValueQuantity().getValue()).isEqualByComparingTo("19");
        assertThat(respiration.getValueQuantity().getCode()).isEqualTo("/min");
        assertThat(withLocalCode(observations, "sleep:hr_min").getValueQuantity().getValue()).isEqualByComparingTo("49");
        assertThat(withLocalCode(observations, "sleep:sleep_score").getValueQuantity().getValue()).isEqualByComparingTo("97");
    }

    @Test
    void deprecatedDuplicatesAndNightEventsProduceNoObservation() {
        List<Observation> observations = map(NIGHT).observations();

        assertThat(observations).noneMatch(o -> o.getCode().getCoding().stream().anyMatch(c ->
                c.getCode().equals("sleep:durationtosleep") || c.getCode().equals("sleep:night_events")));
    }

    @Test
    void unavailableValuesProduceNoObservation() {
        MappingResult result = mapJson("""
                {"series":[{"id":1,"timezone":"UTC","model":32,"startdate":1700000000,"enddate":1700028000,
                  "date":"2023-11-15","data":{"breathing_disturbances_intensity":-1,"apnea_hypopnea_index":-1,
                  "total_sleep_time":25200}}]}""");

        assertThat(result.observations()).extracting(o -> o.getCode().getCoding().get(o.getCode().getCoding().size() - 1).getCode())
                .containsExactly("sleep:summary", "sleep:total_sleep_time");
    }

    @Test
    void nightWithoutIdIsKeyedByItsStart() {
        assertThat(map("home-assistant-core/get_sleep.json").records().get(0).recordKey()).isEqualTo("sleep:start-1548979200");
    }

    @Test
    void sleepMonitorBecomesTheDeviceOfEveryObservation() {
        MappingResult result = map(NIGHT);

        assertThat(result.devices().get(0).getIdPart()).isEqualTo(StableIds.device("0f8468678a411f018eea9e743a3cea4e54f74e0a"));
        assertThat(result.observations()).allMatch(o -> o.getDevice().getReference().equals("Device/" + result.devices().get(0).getIdPart()));
    }
}
