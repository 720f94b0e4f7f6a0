package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sleep {@code get} rows of a generated night, derived from its summary whenever they are asked for
 * (a year of nights at one sample a minute would be too much to hold): stage by stage, a whole number of
 * minutes each, awake while falling asleep, then cycles of light, deep, light and REM sleep (deep early in
 * the night, REM late), awake at the end; heart rate, respiratory rate, HRV and snoring every minute,
 * around the summary's averages. Seeded by the night, so the same night always reads the same.
 */
final class NightStages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int AWAKE = 0;
    private static final int LIGHT = 1;
    private static final int DEEP = 2;
    private static final int REM = 3;

    private NightStages() {
    }

    static List<ObjectNode> of(ObjectNode night, long seed) {
        Random random = new Random(seed);
        long start = night.path("startdate").asLong();
        int minutes = (int) ((night.path("enddate").asLong() - start) / 60);
        JsonNode data = night.path("data");
        int latency = Math.max(1, data.path("sleep_latency").asInt(600) / 60);
        int heartRate = data.path("hr_average").asInt(58);
        int breathing = data.path("rr_average").asInt(15);
        List<ObjectNode> rows = new ArrayList<>();
        int minute = 0;
        minute = stage(rows, night, start, minute, Math.min(latency, minutes), AWAKE, heartRate, breathing, random);
        int cycle = 0;
        while (minute < minutes - 2) {
            boolean early = cycle < 2;
            int[][] plan = {
                {LIGHT, 10 + random.nextInt(15)},
                {DEEP, early ? 25 + random.nextInt(20) : 5 + random.nextInt(10)},
                {LIGHT, 5 + random.nextInt(10)},
                {REM, early ? 5 + random.nextInt(10) : 15 + random.nextInt(15)}};
            for (int[] step : plan) {
                int length = Math.min(step[1], minutes - 2 - minute);
                if (length > 0) {
                    minute = stage(rows, night, start, minute, length, step[0], heartRate, breathing, random);
                }
            }
            cycle++;
        }
        if (minute < minutes) {
            stage(rows, night, start, minute, minutes - minute, AWAKE, heartRate, breathing, random);
        }
        return rows;
    }

    /** @return the minute after the stage */
    private static int stage(List<ObjectNode> rows, ObjectNode night, long nightStart, int fromMinute, int length,
            int state, int heartRate, int breathing, Random random) {
        long start = nightStart + fromMinute * 60L;
        ObjectNode row = JSON.createObjectNode();
        row.put("startdate", start).put("enddate", start + length * 60L).put("state", state)
                .put("model", "Sleep Analyzer").put("model_id", night.path("model_id").asInt(63))
                .put("hash_deviceid", night.path("hash_deviceid").asText());
        ObjectNode hr = row.putObject("hr");
        ObjectNode rr = row.putObject("rr");
        ObjectNode snoring = row.putObject("snoring");
        ObjectNode sdnn = row.putObject("sdnn_1");
        ObjectNode rmssd = row.putObject("rmssd");
        int stageHeartRate = heartRate + switch (state) {
            case AWAKE -> 8;
            case DEEP -> -4;
            case REM -> 3;
            default -> 0;
        };
        for (int i = 0; i < length; i++) {
            String at = Long.toString(start + i * 60L);
            hr.put(at, stageHeartRate + random.nextInt(5) - 2);
            rr.put(at, breathing + random.nextInt(3) - 1);
            snoring.put(at, state == LIGHT || state == DEEP ? (random.nextInt(10) == 0 ? 10 + random.nextInt(50) : 0) : 0);
            sdnn.put(at, state == AWAKE ? 0 : 30 + random.nextInt(50));
            rmssd.put(at, state == AWAKE ? 0 : 20 + random.nextInt(50));
        }
        rows.add(row);
        return fromMinute + length;
    }
}
