package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.simulator.api.WithingsError;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Sleep {@code get} and {@code getintradayactivity}: high-frequency data, at most 24 hours from
 * {@code startdate} per call, and only the {@code data_fields} asked for.
 */
final class HighFrequency {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400;
    private static final Set<String> STAGE_FIELDS = Set.of("startdate", "enddate", "state", "model", "model_id", "hash_deviceid");
    private static final Set<String> SLICE_FIELDS = Set.of("model", "model_id", "deviceid");

    private HighFrequency() {
    }

    static Map<String, Object> sleepGet(SimUser user, Map<String, String> params) {
        if (!params.containsKey("startdate") || !params.containsKey("enddate")) {
            throw WithingsError.invalidParams("startdate and enddate are required");
        }
        long start = MeasureController.number(params, "startdate", 0);
        long end = Math.min(MeasureController.number(params, "enddate", 0), start + DAY);
        Set<String> fields = fields(params);
        List<ObjectNode> stages = new ArrayList<>();
        user.sleepStages().forEach((at, stage) -> {
            if (at >= start && at <= end) {
                stages.add(stage.deepCopy());
            }
        });
        user.rows(Dataset.SLEEP_SUMMARY).forEach((id, night) -> {
            long nightStart = night.path("startdate").asLong();
            if (user.generatedNights().contains(id) && nightStart >= start && nightStart <= end) {
                stages.addAll(NightStages.of(night, user.id() * 31 + night.path("id").asLong()));
            }
        });
        List<ObjectNode> series = new ArrayList<>();
        for (ObjectNode stage : stages) {
            stage.properties().removeIf(e -> !STAGE_FIELDS.contains(e.getKey()) && !fields.contains(e.getKey()));
            series.add(stage);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("series", series);
        body.put("model", series.isEmpty() ? 32 : series.get(0).path("model_id").asInt(32) == 93 ? 16 : 32);
        return body;
    }

    static Map<String, Object> intraday(SimUser user, Map<String, String> params) {
        long latest = user.intraday().isEmpty() ? 0 : user.intraday().lastKey();
        long start = params.containsKey("startdate") ? MeasureController.number(params, "startdate", 0) : latest - DAY;
        long end = Math.min(params.containsKey("enddate") ? MeasureController.number(params, "enddate", 0) : latest, start + DAY);
        Set<String> fields = fields(params);
        ObjectNode series = JSON.createObjectNode();
        Map<Long, ObjectNode> slices = new TreeMap<>(user.intraday().subMap(start, true, end, true));
        ZoneId zone = ZoneId.of(user.timezone());
        user.rows(Dataset.ACTIVITY).forEach((date, day) -> {
            long midnight = LocalDate.parse(date).atStartOfDay(zone).toEpochSecond();
            if (user.generatedDays().contains(date) && midnight <= end && midnight + DAY > start) {
                IntradayDays.of(day, zone, user.id() * 31 + midnight).forEach(slices::putIfAbsent);
            }
        });
        slices.forEach((at, slice) -> {
            if (at >= start && at <= end) {
                ObjectNode copy = slice.deepCopy();
                if (!fields.isEmpty()) {
                    copy.properties().removeIf(e -> !SLICE_FIELDS.contains(e.getKey()) && !fields.contains(e.getKey()));
                }
                series.set(Long.toString(at), copy);
            }
        });
        return Map.of("series", series);
    }

    static void addStages(SimUser user, JsonNode rows) {
        rows.forEach(row -> user.sleepStages().put(row.path("startdate").asLong(), (ObjectNode) row));
    }

    static void addIntraday(SimUser user, JsonNode slices) {
        slices.fields().forEachRemaining(e -> user.intraday().put(Long.parseLong(e.getKey()), (ObjectNode) e.getValue()));
    }

    private static Set<String> fields(Map<String, String> params) {
        String list = params.get("data_fields");
        return list == null ? Set.of() : Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toSet());
    }
}
