package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.withings.IntradaySample;
import dev.pulsebridge.mapping.withings.SleepStages;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.util.List;
import org.junit.jupiter.api.Test;

class HighFrequencyContractTest extends SimulatorTestBase {

    private static final String STAGES = "[{\"startdate\":1700000000,\"enddate\":1700000600,\"state\":1,\"model\":\"Aura Sensor V2\","
            + "\"model_id\":63,\"hash_deviceid\":\"mat1\",\"hr\":{\"1700000000\":57,\"1700000060\":56},\"rr\":{\"1700000000\":14}},"
            + "{\"startdate\":1700090000,\"enddate\":1700090600,\"state\":2,\"model\":\"Aura Sensor V2\",\"model_id\":63,"
            + "\"hash_deviceid\":\"mat1\",\"hr\":{\"1700090000\":50}}]";

    @Test
    void sleepGetAnswersOnlyTheFirst24HoursAndTheFieldsAsked() {
        long user = newUser();
        assertThat(client.admin("POST", "/users/" + user + "/sleep-stages", STAGES).statusCode()).isEqualTo(201);

        List<SleepStages> stages = WithingsPayloads.sleepStages(client.post("/v2/sleep", accessToken(user), "action", "get",
                "startdate", "1699999000", "enddate", "1700200000", "data_fields", "hr"));

        assertThat(stages).singleElement().satisfies(stage -> {
            assertThat(stage.state()).isEqualTo(1);
            assertThat(stage.samples()).containsOnlyKeys("hr");
            assertThat(stage.samples().get("hr")).hasSize(2);
        });
    }

    @Test
    void sleepGetWithoutDataFieldsAnswersOnlyTheStages() {
        long user = newUser();
        client.admin("POST", "/users/" + user + "/sleep-stages", STAGES);

        List<SleepStages> stages = WithingsPayloads.sleepStages(client.post("/v2/sleep", accessToken(user), "action", "get",
                "startdate", "1699999000", "enddate", "1700001000"));

        assertThat(stages).singleElement().satisfies(stage -> assertThat(stage.samples()).isEmpty());
    }

    @Test
    void intradayAnswersSlicesKeyedByTimeAndAnEmptyObjectWhenNone() {
        long user = newUser();
        client.admin("POST", "/users/" + user + "/intraday",
                "{\"1700000000\":{\"steps\":13,\"duration\":60,\"heart_rate\":80,\"model\":\"ScanWatch\",\"model_id\":93}}");
        String token = accessToken(user);

        List<IntradaySample> slices = WithingsPayloads.intradayActivity(client.post("/v2/measure", token, "action",
                "getintradayactivity", "startdate", "1699999000", "enddate", "1700001000", "data_fields", "steps"));
        List<IntradaySample> none = WithingsPayloads.intradayActivity(client.post("/v2/measure", token, "action",
                "getintradayactivity", "startdate", "1600000000", "enddate", "1600001000"));

        assertThat(slices).singleElement().satisfies(slice -> assertThat(slice.values()).containsOnlyKeys("steps"));
        assertThat(none).isEmpty();
    }

    @Test
    void heartGetAnswersTheRecordingsSignalAtItsDevicesRate() {
        long user = newUser();
        client.admin("POST", "/users/" + user + "/ecg", "[{\"deviceid\":\"bpm1\",\"model\":44,\"heart_rate\":60,"
                + "\"timestamp\":1700000000,\"ecg\":{\"signalid\":777001,\"afib\":0}}]");

        com.fasterxml.jackson.databind.JsonNode answer = client.post("/v2/heart", accessToken(user), "action", "get",
                "signalid", "777001");

        dev.pulsebridge.mapping.withings.EcgSignal signal = WithingsPayloads.ecgSignal(answer);
        assertThat(signal.samplingHz()).isEqualTo(500);
        assertThat(signal.microvolts()).as("20 s at 500 Hz").hasSize(10_000);
        long rPeaks = java.util.stream.IntStream.range(1, signal.microvolts().size() - 1)
                .filter(i -> signal.microvolts().get(i) > 700 && signal.microvolts().get(i) >= signal.microvolts().get(i - 1)
                        && signal.microvolts().get(i) > signal.microvolts().get(i + 1))
                .count();
        assertThat(rPeaks).as("one R wave a second at 60 bpm").isBetween(19L, 21L);
    }

    @Test
    void heartGetOfAnUnknownSignalIsRefused() {
        assertThat(client.post("/v2/heart", accessToken(newUser()), "action", "get", "signalid", "1").path("status").asInt())
                .isNotZero();
    }
}
