package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.mapping.WithingsMapper;
import dev.pulsebridge.mapping.fhir.MappingContext;
import dev.pulsebridge.mapping.fhir.MappingResult;
import dev.pulsebridge.mapping.withings.MeasureGroup;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenerateContractTest extends SimulatorTestBase {

    private JsonNode generate(long user, long seed) {
        return SimulatorClient.read(client.admin("POST", "/users/" + user + "/generate",
                Map.of("days", 60, "seed", seed, "end", "2026-11-20")).body());
    }

    @Test
    void generatedHistoryHasEveryKindOfDataForEachDay() {
        long user = newUser();
        JsonNode counts = generate(user, 7);

        assertThat(counts.path("sleep").asInt()).isEqualTo(60);
        assertThat(counts.path("activity").asInt()).isEqualTo(60);
        assertThat(counts.path("measuregrps").asInt()).isGreaterThan(60);
        assertThat(counts.path("workouts").asInt()).isPositive();
        assertThat(counts.path("ecg").asInt()).isBetween(8, 9);
    }

    @Test
    void generatedGroupsMixUnitExponentsAttributionsAndParseWithTheMapper() {
        long user = newUser();
        generate(user, 7);
        String token = accessToken(user);

        Set<Integer> weightExponents = new HashSet<>();
        Set<Integer> attribs = new HashSet<>();
        String offset = "0";
        for (int page = 0; page < 200; page++) {
            JsonNode response = client.post("/measure", token, "action", "getmeas", "offset", offset);
            List<MeasureGroup> groups = WithingsPayloads.measureGroups(response).items();
            groups.forEach(g -> {
                attribs.add(g.attrib());
                g.measures().stream().filter(m -> m.type() == 1).forEach(m -> weightExponents.add(m.unit()));
            });
            if (!response.path("body").has("more")) {
                break;
            }
            offset = response.path("body").path("offset").asText();
        }
        assertThat(weightExponents).contains(-3, -2);
        assertThat(attribs).contains(0, 2);
    }

    @Test
    void generatedSleepAndActivityMapToFhirWithoutUnknownFields() {
        long user = newUser();
        generate(user, 11);
        String token = accessToken(user);
        MappingContext context = new MappingContext("Patient/p1", Long.toString(user));
        WithingsMapper mapper = new WithingsMapper();

        String everySleepField = "total_timeinbed,total_sleep_time,deepsleepduration,remsleepduration,lightsleepduration,"
                + "wakeupduration,sleep_latency,wakeup_latency,waso,wakeupcount,nb_rem_episodes,out_of_bed_count,sleep_efficiency,"
                + "hr_average,hr_min,hr_max,rr_average,rr_min,rr_max,breathing_disturbances_intensity,snoring,snoringepisodecount,"
                + "sleep_score,apnea_hypopnea_index,breathing_quality_assessment,withings_index,mvt_score_avg,mvt_active_duration,"
                + "rmssd_start_avg,rmssd_end_avg,chest_movement_rate_wellness_average,chest_movement_rate_wellness_min,"
                + "chest_movement_rate_wellness_max,chest_movement_rate_average,chest_movement_rate_min,chest_movement_rate_max,"
                + "breathing_sounds,breathing_sounds_episode_count,core_body_temperature_min,core_body_temperature_max,"
                + "core_body_temperature_avg,core_body_temperature_status,night_events";
        MappingResult sleep = mapper.map(PayloadKind.SLEEP_SUMMARIES, client.post("/v2/sleep", token, "action", "getsummary",
                "lastupdate", "0", "data_fields", everySleepField), context);
        MappingResult activity = mapper.map(PayloadKind.ACTIVITIES,
                client.post("/v2/measure", token, "action", "getactivity", "lastupdate", "0"), context);

        assertThat(sleep.observations()).isNotEmpty();
        assertThat(activity.observations()).isNotEmpty();
        assertThat(sleep.unmapped()).isEmpty();
        assertThat(activity.unmapped()).isEmpty();
    }

    @Test
    void sameSeedGivesTheSameHistory() {
        long user = newUser();
        generate(user, 3);
        JsonNode before = client.post("/v2/sleep", accessToken(user), "action", "getsummary", "lastupdate", "0").path("body");

        client.admin("DELETE", "", null);
        client.admin("POST", "/users", Map.of("userid", user));
        generate(user, 3);
        JsonNode after = client.post("/v2/sleep", accessToken(user), "action", "getsummary", "lastupdate", "0").path("body");

        assertThat(after.path("series")).isNotEmpty();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aGeneratedNightsSleepGetCoversItMinuteByMinuteInPlausibleStages() {
        long user = newUser();
        generate(user, 7);
        String token = accessToken(user);
        com.fasterxml.jackson.databind.JsonNode night = client.post("/v2/sleep", token, "action", "getsummary",
                "startdateymd", "2026-11-20", "enddateymd", "2026-11-20").path("body").path("series").get(0);
        long start = night.path("startdate").asLong();
        long end = night.path("enddate").asLong();

        java.util.List<dev.pulsebridge.mapping.withings.SleepStages> stages = dev.pulsebridge.mapping.withings.WithingsPayloads
                .sleepStages(client.post("/v2/sleep", token, "action", "get", "startdate", Long.toString(start), "enddate",
                        Long.toString(end), "data_fields", "hr,rr"));

        assertThat(stages.get(0).start().getEpochSecond()).isEqualTo(start);
        assertThat(stages.get(0).state()).as("falling asleep").isZero();
        assertThat(stages).extracting(dev.pulsebridge.mapping.withings.SleepStages::state).contains(1, 2, 3);
        for (int i = 1; i < stages.size(); i++) {
            assertThat(stages.get(i).start()).as("stages follow one another").isEqualTo(stages.get(i - 1).end());
        }
        assertThat(stages.get(stages.size() - 1).end().getEpochSecond()).isBetween(end - 59, end);
        long minutes = (stages.get(stages.size() - 1).end().getEpochSecond() - start) / 60;
        assertThat(stages.stream().mapToLong(stage -> stage.samples().get("hr").size()).sum()).isEqualTo(minutes);
        assertThat(stages).allSatisfy(stage -> assertThat(stage.samples()).containsOnlyKeys("hr", "rr"));
        assertThat(stages.get(1).samples().get("hr").values()).allSatisfy(bpm -> assertThat(bpm.intValue()).isBetween(35, 90));
    }

    @Test
    void theSameGeneratedNightAlwaysReadsTheSame() {
        long user = newUser();
        generate(user, 7);
        com.fasterxml.jackson.databind.JsonNode night = client.post("/v2/sleep", accessToken(user), "action", "getsummary",
                "startdateymd", "2026-11-19", "enddateymd", "2026-11-19").path("body").path("series").get(0);
        String[] window = {"action", "get", "startdate", night.path("startdate").asText(), "enddate",
                night.path("enddate").asText(), "data_fields", "hr,rr,snoring"};

        // two tokens: Withings (and the simulator) refuse the very same request twice within 10 s
        String first = client.post("/v2/sleep", accessToken(user), window).toString();
        String second = client.post("/v2/sleep", accessToken(user), window).toString();

        assertThat(first).contains("\"state\"").isEqualTo(second);
    }

    @Test
    void aGeneratedDaysIntradaySlicesCoverItsHoursAndAddUpToItsSteps() {
        long user = newUser();
        generate(user, 7);
        String token = accessToken(user);
        JsonNode day = client.post("/v2/measure", token, "action", "getactivity", "startdateymd", "2026-11-18",
                "enddateymd", "2026-11-18").path("body").path("activities").get(0);
        long midnight = java.time.LocalDate.parse("2026-11-18").atStartOfDay(java.time.ZoneId.of(day.path("timezone").asText()))
                .toEpochSecond();

        List<dev.pulsebridge.mapping.withings.IntradaySample> slices = WithingsPayloads.intradayActivity(client.post("/v2/measure",
                token, "action", "getintradayactivity", "startdate", Long.toString(midnight), "enddate",
                Long.toString(midnight + 86_399), "data_fields", "steps,elevation,heart_rate,spo2_auto"));

        assertThat(slices).allSatisfy(slice -> assertThat(slice.start().getEpochSecond()).isBetween(midnight, midnight + 86_399));
        assertThat(slices.stream().mapToInt(slice -> slice.values().getOrDefault("steps", java.math.BigDecimal.ZERO).intValue()).sum())
                .isEqualTo(day.path("steps").asInt());
        assertThat(slices.stream().mapToInt(slice -> slice.values().getOrDefault("elevation", java.math.BigDecimal.ZERO).intValue())
                .sum()).isEqualTo(day.path("elevation").asInt());
        assertThat(slices.stream().filter(slice -> slice.values().containsKey("heart_rate")).count()).as("every 10 minutes")
                .isEqualTo(144);
        assertThat(slices.stream().filter(slice -> slice.values().containsKey("spo2_auto")).count()).isEqualTo(11);
        assertThat(slices).allSatisfy(slice -> assertThat(slice.values()).doesNotContainKeys("distance", "calories"));
    }
}
