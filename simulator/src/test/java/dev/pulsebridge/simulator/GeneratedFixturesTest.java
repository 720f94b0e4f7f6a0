package dev.pulsebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.mapping.withings.ActivityDay;
import dev.pulsebridge.mapping.withings.HeartRecording;
import dev.pulsebridge.mapping.withings.SleepSummary;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generator's night, day and ECG recording, each with its high-resolution series added the way the
 * sync adds them, kept as fixtures of the mapping module (which maps them to golden files and validates
 * them). Each test fails when the generator no longer produces its fixture; rewrite them with
 * {@code -Dgolden.update=true}.
 */
class GeneratedFixturesTest extends SimulatorTestBase {

    private static final Path FIXTURES = Path.of("../mapping/src/test/resources/withings-fixtures/pulsebridge-simulator");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** A Friday; the week before it holds one ECG recording (the generator's are on Wednesdays). */
    private static final LocalDate LAST_DAY = LocalDate.parse("2026-11-20");

    /** Fixed: the generator is seeded by the user too. */
    private final long user = 31_337;

    @BeforeEach
    void generateAWeek() {
        client.admin("POST", "/users", Map.of("userid", user));
        client.admin("POST", "/users/" + user + "/generate", Map.of("days", 7, "seed", 21, "end", LAST_DAY.toString()));
    }

    @Test
    void aGeneratedNightWithItsStagesAndPerMinuteSeries() throws IOException {
        JsonNode answer = client.post("/v2/sleep", accessToken(user), "action", "getsummary", "startdateymd",
                LAST_DAY.toString(), "enddateymd", LAST_DAY.toString(), "data_fields", CodeTable.requestFields(Source.SLEEP));
        ObjectNode night = (ObjectNode) answer.path("body").path("series").get(0);

        JsonNode series = client.post("/v2/sleep", accessToken(user), "action", "get", "startdate", night.path("startdate").asText(),
                "enddate", night.path("enddate").asText(), "data_fields", CodeTable.requestFields(Source.SLEEP_SERIES));
        night.set(SleepSummary.STAGES_FIELD, series.path("body").path("series"));

        assertFixture("generated-night-with-series.json", answer);
    }

    @Test
    void aGeneratedDayWithItsIntradaySlices() throws IOException {
        JsonNode answer = client.post("/v2/measure", accessToken(user), "action", "getactivity", "startdateymd",
                LAST_DAY.toString(), "enddateymd", LAST_DAY.toString(), "data_fields", CodeTable.requestFields(Source.ACTIVITY));
        ObjectNode day = (ObjectNode) answer.path("body").path("activities").get(0);
        // a generated day is last modified when it was added; the fixture says as the day closed
        day.put("modified", LAST_DAY.plusDays(1).atStartOfDay(ZoneId.of(day.path("timezone").asText())).toEpochSecond());
        long midnight = LAST_DAY.atStartOfDay(ZoneId.of(day.path("timezone").asText())).toEpochSecond();

        JsonNode slices = client.post("/v2/measure", accessToken(user), "action", "getintradayactivity", "startdate",
                Long.toString(midnight), "enddate", Long.toString(midnight + 86_399), "data_fields",
                CodeTable.requestFields(Source.INTRADAY));
        day.set(ActivityDay.INTRADAY_FIELD, slices.path("body").path("series"));

        assertFixture("generated-day-with-intraday.json", answer);
    }

    @Test
    void aGeneratedEcgRecordingWithItsSignal() throws IOException {
        long from = LAST_DAY.minusDays(6).atStartOfDay(ZoneId.of("UTC")).toEpochSecond();
        JsonNode answer = client.post("/v2/heart", accessToken(user), "action", "list", "startdate", Long.toString(from),
                "enddate", Long.toString(from + 7 * 86_400));
        ObjectNode recording = (ObjectNode) answer.path("body").path("series").get(0);

        JsonNode signal = client.post("/v2/heart", accessToken(user), "action", "get", "signalid",
                recording.path("ecg").path("signalid").asText());
        recording.set(HeartRecording.SIGNAL_FIELD, signal.path("body"));

        assertThat(answer.path("body").path("series")).as("one recording in the week").hasSize(1);
        assertFixture("generated-ecg-with-signal.json", answer);
    }

    private static void assertFixture(String name, JsonNode generated) throws IOException {
        Path file = FIXTURES.resolve(name);
        String text = JSON.writeValueAsString(generated) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(FIXTURES);
            Files.writeString(file, text);
        }
        assertThat(file).as("fixture (create it with -Dgolden.update=true)").exists();
        // compared as parsed text: numbers read back as the smallest type that holds them
        assertThat(JSON.readTree(file.toFile()).equals(JSON.readTree(text))).as("%s matches what the generator makes now", name)
                .isTrue();
    }
}
