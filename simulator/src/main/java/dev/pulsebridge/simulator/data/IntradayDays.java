package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The getintradayactivity slices of a generated day, derived from its activity row whenever they are asked
 * for (a year of minutes would be too much to hold), as a watch records them: heart rate every 10 minutes
 * around the day's average, SpO2 every half hour in the small hours, and walking minutes between 07:00 and
 * 22:00 whose steps and floors add up to the day's totals, each with its distance and calories. Seeded by
 * the day, so the same day always reads the same.
 */
final class IntradayDays {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MINUTE = 60;

    private IntradayDays() {
    }

    /** @return slices keyed by their start, epoch seconds */
    static Map<Long, ObjectNode> of(ObjectNode day, ZoneId zone, long seed) {
        Random random = new Random(seed);
        long midnight = LocalDate.parse(day.path("date").asText()).atStartOfDay(zone).toEpochSecond();
        Map<Long, ObjectNode> slices = new TreeMap<>();
        int average = day.path("hr_average").asInt(70);
        int lowest = day.path("hr_min").asInt(50);
        for (int minute = 0; minute < 24 * 60; minute += 10) {
            boolean asleep = minute < 7 * 60;
            int heartRate = asleep ? lowest + random.nextInt(6) : average - 5 + random.nextInt(11);
            slice(slices, day, midnight + minute * MINUTE).put("heart_rate", heartRate);
        }
        for (int minute = 30; minute < 6 * 60; minute += 30) {
            slice(slices, day, midnight + minute * MINUTE).put("spo2_auto", 94 + random.nextInt(5));
        }
        int stepsLeft = day.path("steps").asInt(0);
        List<ObjectNode> walking = new ArrayList<>();
        while (stepsLeft > 0) {
            int walkStart = 7 * 60 + random.nextInt(15 * 60 - 30);
            int walkMinutes = 3 + random.nextInt(25);
            for (int minute = walkStart; minute < walkStart + walkMinutes && stepsLeft > 0; minute++) {
                int steps = Math.min(stepsLeft, 60 + random.nextInt(60));
                stepsLeft -= steps;
                ObjectNode slice = slice(slices, day, midnight + minute * MINUTE);
                int before = slice.path("steps").asInt(0);
                slice.put("steps", before + steps)
                        .put("distance", Math.round((before + steps) * 0.78 * 1000) / 1000.0)
                        .put("calories", Math.round((before + steps) * 0.045 * 1000) / 1000.0);
                walking.add(slice);
            }
        }
        for (int floor = 0; floor < day.path("elevation").asInt(0) && !walking.isEmpty(); floor++) {
            ObjectNode slice = walking.get(random.nextInt(walking.size()));
            slice.put("elevation", slice.path("elevation").asInt(0) + 1);
        }
        return slices;
    }

    private static ObjectNode slice(Map<Long, ObjectNode> slices, ObjectNode day, long start) {
        return slices.computeIfAbsent(start, at -> {
            ObjectNode slice = JSON.createObjectNode();
            slice.put("duration", MINUTE).put("model", day.path("model").asText("ScanWatch"))
                    .put("model_id", day.path("modelid").asInt(93)).put("deviceid", day.path("hash_deviceid").asText(null));
            return slice;
        });
    }
}
