package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.withings.ActivityDay;
import dev.pulsebridge.mapping.withings.HeartRecording;
import dev.pulsebridge.mapping.withings.SleepSummary;
import dev.pulsebridge.mapping.withings.WithingsDevice;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import dev.pulsebridge.mapping.withings.Workout;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class V2ContractTest extends SimulatorTestBase {

    private static final String NIGHT = "{\"id\":900,\"model\":32,\"model_id\":63,\"hash_deviceid\":\"mat1\",\"startdate\":1700000000,"
            + "\"enddate\":1700028000,\"date\":\"2023-11-15\",\"data\":{\"total_sleep_time\":25200,\"deepsleepduration\":5400,"
            + "\"hr_average\":55,\"sleep_score\":81}}";

    private void add(long user, String dataset, String json) {
        assertThat(client.admin("POST", "/users/" + user + "/" + dataset, json).statusCode()).isEqualTo(201);
    }

    @Test
    void getsummaryAnswersTheDefaultFieldsWhenNoneAreAsked() {
        long user = newUser();
        add(user, "sleep", "[" + NIGHT + "]");

        List<SleepSummary> nights = WithingsPayloads.sleepSummaries(
                client.post("/v2/sleep", accessToken(user), "action", "getsummary", "startdateymd", "2023-11-01",
                        "enddateymd", "2023-11-30")).items();

        assertThat(nights).singleElement().satisfies(night -> {
            assertThat(night.id()).isEqualTo(900);
            assertThat(night.numbers()).containsOnlyKeys("total_sleep_time", "deepsleepduration");
        });
    }

    @Test
    void getsummaryAnswersExactlyTheDataFieldsAsked() {
        long user = newUser();
        add(user, "sleep", "[" + NIGHT + "]");

        SleepSummary night = WithingsPayloads.sleepSummaries(client.post("/v2/sleep", accessToken(user), "action", "getsummary",
                "lastupdate", "0", "data_fields", "hr_average,sleep_score")).items().get(0);

        assertThat(night.numbers()).containsOnlyKeys("hr_average", "sleep_score");
    }

    @Test
    void getactivityFiltersByLocalDay() {
        long user = newUser();
        add(user, "activity", "[{\"date\":\"2023-10-20\",\"steps\":1209,\"distance\":1028.559,\"brand\":18},"
                + "{\"date\":\"2023-10-21\",\"steps\":1155,\"brand\":18}]");

        List<ActivityDay> days = WithingsPayloads.activities(client.post("/v2/measure", accessToken(user), "action", "getactivity",
                "startdateymd", "2023-10-21", "enddateymd", "2023-10-21")).items();

        assertThat(days).singleElement().satisfies(day -> assertThat(day.numbers().get("steps")).isEqualByComparingTo("1155"));
    }

    @Test
    void getworkoutsAnswersOnlyWorkoutsChangedSinceLastupdate() {
        long user = newUser();
        add(user, "workouts", "[{\"id\":1,\"category\":1,\"startdate\":1693336011,\"enddate\":1693336513,\"date\":\"2023-08-29\","
                + "\"modified\":1693481873,\"data\":{\"steps\":779}},{\"id\":2,\"category\":2,\"startdate\":1693436011,"
                + "\"enddate\":1693436513,\"date\":\"2023-08-30\",\"modified\":1693581873,\"data\":{\"steps\":900}}]");

        List<Workout> workouts = WithingsPayloads.workouts(client.post("/v2/measure", accessToken(user), "action", "getworkouts",
                "lastupdate", "1693500000")).items();

        assertThat(workouts).extracting(Workout::id).containsExactly(2L);
    }

    @Test
    void heartListAndDevicesParseWithTheMapperModels() {
        long user = newUser();
        add(user, "ecg", "[{\"deviceid\":\"bpm1\",\"model\":44,\"ecg\":{\"signalid\":5992490,\"afib\":0},"
                + "\"bloodpressure\":{\"diastole\":84,\"systole\":128},\"heart_rate\":62,\"timestamp\":1595916999}]");
        add(user, "devices", "[{\"type\":\"Scale\",\"battery\":\"high\",\"model\":\"Body+\",\"model_id\":5,"
                + "\"deviceid\":\"scale1\",\"hash_deviceid\":\"scale1\",\"timezone\":\"Europe/Paris\"}]");
        String token = accessToken(user);

        List<HeartRecording> ecgs = WithingsPayloads.heartRecordings(client.post("/v2/heart", token, "action", "list")).items();
        List<WithingsDevice> devices = WithingsPayloads.devices(client.post("/v2/user", token, "action", "getdevice"));

        assertThat(ecgs).singleElement().satisfies(ecg -> assertThat(ecg.signalId()).isEqualTo(5992490));
        assertThat(devices).singleElement().satisfies(device -> assertThat(device.model()).isEqualTo("Body+"));
    }

    @Test
    void newNightNotifiesSleepSubscribersWithTheNightsWindow() {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            long user = newUser();
            client.post("/notify", accessToken(user), "action", "subscribe", "callbackurl", receiver.url(), "appli", "44");

            add(user, "sleep", "[" + NIGHT + "]");

            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
            assertThat(receiver.received().get(0)).containsEntry("appli", "44")
                    .containsEntry("startdate", "1700000000").containsEntry("enddate", "1700028000");
        }
    }

    @Test
    void editedNightMovesModifiedOnSoLastupdateFindsIt() {
        long user = newUser();
        add(user, "sleep", "[" + NIGHT.replace("\"id\":900,", "\"id\":900,\"modified\":1700030000,") + "]");

        client.admin("PUT", "/users/" + user + "/sleep/900", NIGHT.replace("\"sleep_score\":81", "\"sleep_score\":90"));

        List<SleepSummary> changed = WithingsPayloads.sleepSummaries(client.post("/v2/sleep", accessToken(user), "action",
                "getsummary", "lastupdate", "1700030000", "data_fields", "sleep_score")).items();
        assertThat(changed).singleElement().satisfies(night -> assertThat(night.numbers().get("sleep_score")).isEqualByComparingTo("90"));
    }

    @Test
    void deletedDayDisappearsAndNotifiesActivitySubscribers() {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            long user = newUser();
            String token = accessToken(user);
            add(user, "activity", "[{\"date\":\"2023-10-20\",\"steps\":1209,\"timezone\":\"UTC\"}]");
            client.post("/notify", token, "action", "subscribe", "callbackurl", receiver.url(), "appli", "16");

            assertThat(client.admin("DELETE", "/users/" + user + "/activity/2023-10-20", null).statusCode()).isEqualTo(204);

            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
            assertThat(receiver.received().get(0)).containsEntry("appli", "16").containsEntry("startdate", "1697760000");
            assertThat(client.post("/v2/measure", token, "action", "getactivity", "lastupdate", "0").path("body").path("activities")).isEmpty();
        }
    }

    @Test
    void unknownV2ActionAnswers2554() {
        JsonNode response = client.post("/v2/sleep", accessToken(newUser()), "action", "nothing");

        assertThat(response.path("status").asInt()).isEqualTo(2554);
    }
}
