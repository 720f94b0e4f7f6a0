package dev.pulsebridge.simulator.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.simulator.data.Dataset;
import dev.pulsebridge.simulator.data.SimUser;
import dev.pulsebridge.simulator.data.SimulatorStore;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A plausible Withings history for one account, the same for the same seed and end day: daily
 * weigh-ins with slowly drifting body composition, blood pressure and pulse a few times a week,
 * weekly SpO2, temperature and ECG, nightly sleep summaries (with their stages and per-minute series),
 * daily activity, a couple of workouts a week, an occasional manual entry and ambiguous (attrib 1) reading, and the unit exponents real scales mix.
 */
final class HistoryGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCALE = "f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d";
    private static final String BPM = "91a7e556c2022ef54dca6e07a853c3193734d148";
    private static final String MAT = "201d0b9a0556d6b755166b2cf8d22d3bdf0487ee";
    private static final String WATCH = "0f8468678a411f018eea9e743a3cea4e54f74e0a";

    private final SimulatorStore store;

    HistoryGenerator(SimulatorStore store) {
        this.store = store;
    }

    /** @return how many rows of each kind were added */
    Map<String, Integer> generate(long userId, int days, long seed, LocalDate lastDay, boolean notify) {
        SimUser user = store.user(userId);
        ZoneId zone = ZoneId.of(user.timezone());
        Random random = new Random(seed ^ userId);
        List<ObjectNode> groups = new ArrayList<>();
        List<ObjectNode> nights = new ArrayList<>();
        List<ObjectNode> activity = new ArrayList<>();
        List<ObjectNode> workouts = new ArrayList<>();
        List<ObjectNode> ecgs = new ArrayList<>();
        double weight = 65 + random.nextDouble() * 30;
        double fatRatio = 18 + random.nextDouble() * 12;
        long grpid = 6_000_000_000L + (userId % 100_000) * 100_000;
        LocalDate first = lastDay.minusDays(days - 1L);
        groups.add(group(grpid++, first.atTime(8, 0).atZone(zone).toEpochSecond(), 2, null,
                measure(4, 1650 + random.nextInt(350), -3)));
        for (LocalDate day = first; !day.isAfter(lastDay); day = day.plusDays(1)) {
            long morning = day.atTime(7, random.nextInt(60)).atZone(zone).toEpochSecond();
            weight += (random.nextDouble() - 0.5) * 0.3;
            fatRatio = Math.max(8, Math.min(40, fatRatio + (random.nextDouble() - 0.5) * 0.2));
            if (random.nextDouble() < 0.9) {
                int attrib = random.nextDouble() < 0.02 ? 1 : 0;
                boolean fineScale = random.nextBoolean();
                double fatMass = weight * fatRatio / 100;
                groups.add(group(grpid++, morning, attrib, SCALE,
                        fineScale ? measure(1, Math.round(weight * 1000), -3) : measure(1, Math.round(weight * 100), -2),
                        measure(6, Math.round(fatRatio * 1000), -3),
                        measure(8, Math.round(fatMass * 100), -2),
                        measure(5, Math.round((weight - fatMass) * 100), -2),
                        measure(76, Math.round((weight - fatMass) * 0.94 * 100), -2),
                        measure(77, Math.round((weight - fatMass) * 0.72 * 100), -2),
                        measure(88, Math.round((weight - fatMass) * 0.05 * 100), -2)));
            }
            if (random.nextDouble() < 0.03) {
                groups.add(group(grpid++, morning + 3600, 2, null, measure(1, Math.round(weight * 10), -1)));
            }
            if (random.nextDouble() < 3.0 / 7) {
                long evening = day.atTime(20, random.nextInt(60)).atZone(zone).toEpochSecond();
                boolean centi = random.nextBoolean();
                int systolic = 110 + random.nextInt(30);
                int diastolic = 68 + random.nextInt(20);
                int pulse = 55 + random.nextInt(25);
                groups.add(group(grpid++, evening, 0, BPM,
                        centi ? measure(10, systolic * 100L, -2) : measure(10, systolic, 0),
                        centi ? measure(9, diastolic * 100L, -2) : measure(9, diastolic, 0),
                        centi ? measure(11, pulse * 100L, -2) : measure(11, pulse, 0)));
            }
            if (day.getDayOfWeek().getValue() == 7) {
                groups.add(group(grpid++, morning + 600, 0, WATCH, measure(54, 94 + random.nextInt(6), 0)));
                groups.add(group(grpid++, morning + 900, 0, null, measure(71, 3630 + random.nextInt(80), -2)));
            }
            nights.add(night(day, zone, random, grpid++));
            activity.add(activityDay(day, random));
            if (random.nextDouble() < 2.0 / 7) {
                workouts.add(workout(day, zone, random, grpid++));
            }
            if (day.getDayOfWeek().getValue() == 3) {
                ecgs.add(ecg(day.atTime(9, 0).atZone(zone).toEpochSecond() + random.nextInt(3600), random, grpid++));
            }
        }
        store.addMeasureGroups(userId, groups, notify);
        // each night's stages and per-minute series, and each day's slices, are derived when asked for (too many to hold)
        nights.forEach(night -> user.generatedNights().add(night.path("id").asText()));
        activity.forEach(day -> user.generatedDays().add(day.path("date").asText()));
        store.addRows(userId, Dataset.SLEEP_SUMMARY, nights, notify);
        store.addRows(userId, Dataset.ACTIVITY, activity, notify);
        store.addRows(userId, Dataset.WORKOUTS, workouts, notify);
        store.addRows(userId, Dataset.HEART, ecgs, notify);
        return Map.of("measuregrps", groups.size(), "sleep", nights.size(), "activity", activity.size(), "workouts", workouts.size(),
                "ecg", ecgs.size());
    }

    private static ObjectNode group(long grpid, long date, int attrib, String device, ObjectNode... measures) {
        ObjectNode group = JSON.createObjectNode();
        group.put("grpid", grpid).put("attrib", attrib).put("date", date).put("created", date + 30).put("modified", date + 30)
                .put("category", 1);
        group.put("deviceid", device).put("hash_deviceid", device);
        ArrayNode list = group.putArray("measures");
        for (ObjectNode measure : measures) {
            list.add(measure);
        }
        if (device != null) {
            group.put("model", device.equals(BPM) ? "BPM Connect" : device.equals(WATCH) ? "ScanWatch" : "Body+");
            group.put("modelid", device.equals(BPM) ? 45 : device.equals(WATCH) ? 93 : 5);
        } else {
            group.putNull("model");
            group.putNull("modelid");
        }
        return group;
    }

    private static ObjectNode measure(int type, long value, int unit) {
        return JSON.createObjectNode().put("value", value).put("type", type).put("unit", unit).put("algo", 0).put("fm", 3);
    }

    private static ObjectNode night(LocalDate morning, ZoneId zone, Random random, long id) {
        long start = morning.minusDays(1).atTime(22, 30).atZone(zone).toEpochSecond() + random.nextInt(5400);
        int inBed = 6 * 3600 + random.nextInt(3 * 3600);
        int latency = 300 + random.nextInt(1500);
        int wake = 600 + random.nextInt(2400);
        int asleep = inBed - latency - wake;
        int deep = asleep / 5 + random.nextInt(1800);
        int rem = asleep / 5 + random.nextInt(1200);
        ObjectNode row = JSON.createObjectNode();
        row.put("id", id).put("model", 32).put("model_id", 63).put("hash_deviceid", MAT).put("startdate", start)
                .put("enddate", start + inBed).put("date", morning.toString()).put("created", start + inBed + 600)
                .put("modified", start + inBed + 600);
        ObjectNode data = row.putObject("data");
        data.put("total_timeinbed", inBed).put("total_sleep_time", asleep).put("deepsleepduration", deep)
                .put("remsleepduration", rem).put("lightsleepduration", asleep - deep - rem).put("wakeupduration", wake)
                .put("sleep_latency", latency).put("durationtosleep", latency).put("wakeup_latency", 120)
                .put("durationtowakeup", 120).put("waso", wake - 120).put("wakeupcount", 1 + random.nextInt(4))
                .put("nb_rem_episodes", 3 + random.nextInt(3)).put("out_of_bed_count", random.nextInt(2))
                .put("sleep_efficiency", Math.round(100.0 * asleep / inBed) / 100.0)
                .put("hr_average", 52 + random.nextInt(12)).put("hr_min", 45 + random.nextInt(6)).put("hr_max", 70 + random.nextInt(20))
                .put("rr_average", 13 + random.nextInt(5)).put("rr_min", 10 + random.nextInt(3)).put("rr_max", 18 + random.nextInt(6))
                .put("breathing_disturbances_intensity", random.nextInt(20)).put("snoring", random.nextInt(1800))
                .put("snoringepisodecount", random.nextInt(15)).put("sleep_score", 60 + random.nextInt(40))
                .put("apnea_hypopnea_index", random.nextDouble() < 0.1 ? -1 : random.nextInt(8))
                .put("breathing_quality_assessment", random.nextInt(3)).put("withings_index", random.nextInt(12))
                .put("mvt_score_avg", 20 + random.nextInt(60)).put("mvt_active_duration", random.nextInt(1800))
                .put("rmssd_start_avg", 30 + random.nextInt(40)).put("rmssd_end_avg", 30 + random.nextInt(40))
                .put("chest_movement_rate_wellness_average", 14 + random.nextInt(4))
                .put("chest_movement_rate_wellness_min", 10 + random.nextInt(3))
                .put("chest_movement_rate_wellness_max", 18 + random.nextInt(5))
                .put("chest_movement_rate_average", 14 + random.nextInt(4)).put("chest_movement_rate_min", 10 + random.nextInt(3))
                .put("chest_movement_rate_max", 18 + random.nextInt(5)).put("breathing_sounds", random.nextInt(900))
                .put("breathing_sounds_episode_count", random.nextInt(10))
                .put("core_body_temperature_min", 36.1 + random.nextInt(3) / 10.0)
                .put("core_body_temperature_max", 36.8 + random.nextInt(4) / 10.0)
                .put("core_body_temperature_avg", 36.5 + random.nextInt(3) / 10.0)
                .put("core_body_temperature_status", random.nextDouble() < 0.05 ? "elevated" : "usual")
                // Withings sends the night's events as a JSON string: in bed, asleep, awake, out of bed.
                .put("night_events", "{\"1\":[0],\"2\":[" + latency + "],\"3\":[" + (inBed - 120) + "],\"4\":[" + inBed + "]}");
        return row;
    }

    private static ObjectNode activityDay(LocalDate day, Random random) {
        int steps = 2000 + random.nextInt(12000);
        int soft = 1800 + random.nextInt(5400);
        int moderate = random.nextInt(2400);
        int intense = random.nextInt(1200);
        ObjectNode row = JSON.createObjectNode();
        row.put("date", day.toString()).put("steps", steps).put("distance", Math.round(steps * 0.78 * 1000) / 1000.0)
                .put("elevation", random.nextInt(15)).put("soft", soft).put("moderate", moderate).put("intense", intense)
                .put("active", moderate + intense).put("calories", Math.round(steps * 0.045 * 1000) / 1000.0)
                .put("totalcalories", 1700 + random.nextInt(900)).put("hr_average", 65 + random.nextInt(15))
                .put("hr_min", 48 + random.nextInt(10)).put("hr_max", 110 + random.nextInt(60))
                .put("deviceid", WATCH).put("hash_deviceid", WATCH).put("brand", 1).put("modelid", 93)
                .put("model", "ScanWatch").put("is_tracker", true);
        return row;
    }

    /** A BPM Core recording: mostly negative, now and then inconclusive, with the BP taken alongside. */
    private static ObjectNode ecg(long timestamp, Random random, long signalId) {
        ObjectNode row = JSON.createObjectNode();
        row.put("deviceid", BPM).put("model", 44).put("heart_rate", 55 + random.nextInt(25)).put("timestamp", timestamp)
                .put("modified", timestamp + 60);
        row.putObject("ecg").put("signalid", signalId).put("afib", random.nextDouble() < 0.1 ? 2 : 0);
        row.putObject("bloodpressure").put("systole", 110 + random.nextInt(30)).put("diastole", 68 + random.nextInt(20));
        return row;
    }

    private static ObjectNode workout(LocalDate day, ZoneId zone, Random random, long id) {
        long start = day.atTime(17, 0).atZone(zone).toEpochSecond() + random.nextInt(7200);
        int minutes = 20 + random.nextInt(70);
        int[] sports = {1, 2, 6, 7, 16, 28};
        ObjectNode row = JSON.createObjectNode();
        row.put("id", id).put("category", sports[random.nextInt(sports.length)]).put("model", 93).put("attrib", 7)
                .put("startdate", start).put("enddate", start + minutes * 60L).put("date", day.toString())
                .put("deviceid", WATCH).put("modified", start + minutes * 60L + 300);
        row.putObject("data").put("calories", 5 * minutes + random.nextInt(100)).put("intensity", 30 + random.nextInt(60))
                .put("hr_average", 110 + random.nextInt(40)).put("hr_min", 80 + random.nextInt(20))
                .put("hr_max", 150 + random.nextInt(30)).put("steps", 90 * minutes).put("distance", 150 * minutes)
                .put("elevation", random.nextInt(10)).put("pause_duration", 0);
        return row;
    }
}
