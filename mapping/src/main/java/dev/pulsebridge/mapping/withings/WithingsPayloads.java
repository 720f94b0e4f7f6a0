package dev.pulsebridge.mapping.withings;

import static dev.pulsebridge.mapping.withings.Lenient.date;
import static dev.pulsebridge.mapping.withings.Lenient.decimal;
import static dev.pulsebridge.mapping.withings.Lenient.epoch;
import static dev.pulsebridge.mapping.withings.Lenient.field;
import static dev.pulsebridge.mapping.withings.Lenient.intValue;
import static dev.pulsebridge.mapping.withings.Lenient.longValue;
import static dev.pulsebridge.mapping.withings.Lenient.requiredLong;
import static dev.pulsebridge.mapping.withings.Lenient.text;
import static dev.pulsebridge.mapping.withings.Lenient.zone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Typed views of Withings responses. Each reader accepts the full {@code {status, body}} envelope,
 * the bare body, or (for lists) the bare array, since clients and fixtures pass all three.
 */
public final class WithingsPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** getactivity keys that describe the row rather than measure something. */
    private static final Set<String> INTRADAY_SLICE_FIELDS = Set.of("model", "model_id", "modelid", "deviceid");
    private static final Set<String> ACTIVITY_ROW_FIELDS = Set.of("date", "timezone", "deviceid", "hash_deviceid", "brand",
            "is_tracker", "modified", "model", "modelid", "model_id");

    private WithingsPayloads() {
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new WithingsApiException(-1, "Withings answered with malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** The body of an envelope (throwing on a non-zero status), or the node itself when it has no envelope. */
    public static JsonNode body(JsonNode payload) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            throw new WithingsApiException(-1, "Empty Withings payload");
        }
        if (payload.isObject() && payload.has("status") && (payload.has("body") || payload.size() <= 3)) {
            int status = payload.get("status").asInt(-1);
            if (status != 0) {
                throw new WithingsApiException(status, "Withings answered status " + status
                        + (payload.hasNonNull("error") ? ": " + payload.get("error").asText() : ""));
            }
            JsonNode body = payload.get("body");
            return body == null || body.isNull() ? JSON.createObjectNode() : body;
        }
        return payload;
    }

    public static Page<MeasureGroup> measureGroups(JsonNode payload) {
        JsonNode body = body(payload);
        ZoneId zone = body.isObject() ? zone(text(body, "timezone")) : zone(null);
        return page(body, "measuregrps", group -> measureGroup(group, zone));
    }

    public static Page<SleepSummary> sleepSummaries(JsonNode payload) {
        return page(body(payload), "series", WithingsPayloads::sleepSummary);
    }

    public static Page<ActivityDay> activities(JsonNode payload) {
        return page(body(payload), "activities", WithingsPayloads::activityDay);
    }

    public static Page<Workout> workouts(JsonNode payload) {
        return page(body(payload), "series", WithingsPayloads::workout);
    }

    public static Page<HeartRecording> heartRecordings(JsonNode payload) {
        return page(body(payload), "series", WithingsPayloads::heartRecording);
    }

    public static List<WithingsDevice> devices(JsonNode payload) {
        return page(body(payload), "devices", WithingsPayloads::device).items();
    }

    public static List<NotifySubscription> notifySubscriptions(JsonNode payload) {
        return page(body(payload), "profiles", node -> new NotifySubscription(
                Lenient.intValue(node, "appli"), text(node, "callbackurl"), epoch(node, "expires"), text(node, "comment"))).items();
    }

    /** getgoals; Withings sends {@code goals: []} rather than an object when the user set none. */
    public static Goals goals(JsonNode payload) {
        JsonNode goals = body(payload).path("goals");
        if (!goals.isObject()) {
            return new Goals(null, null, null);
        }
        JsonNode weight = goals.get("weight");
        BigDecimal weightKg = null;
        if (weight != null && weight.isObject() && weight.hasNonNull("value")) {
            weightKg = BigDecimal.valueOf(weight.get("value").asLong()).scaleByPowerOfTen(weight.path("unit").asInt(0));
        }
        return new Goals(longValue(goals, "steps"), longValue(goals, "sleep"), weightKg);
    }

    public static TokenResponse token(JsonNode payload) {
        JsonNode body = body(payload);
        String accessToken = text(body, "access_token");
        if (accessToken == null) {
            throw new WithingsApiException(-1, "Withings token response without access_token");
        }
        Long expiresIn = longValue(body, "expires_in");
        return new TokenResponse(text(body, "userid"), accessToken, text(body, "refresh_token"), text(body, "scope"),
                expiresIn == null ? 0 : expiresIn, text(body, "token_type"));
    }

    public static List<SleepStages> sleepStages(JsonNode payload) {
        return page(body(payload), "series", WithingsPayloads::sleepStage).items();
    }

    /** getintradayactivity: {@code series} is an object keyed by epoch seconds ({@code {}} when empty). */
    public static List<IntradaySample> intradayActivity(JsonNode payload) {
        return intradaySlices(body(payload).path("series"));
    }

    private static List<IntradaySample> intradaySlices(JsonNode series) {
        if (!series.isObject() && !series.isMissingNode() && !series.isNull()) {
            throw Lenient.malformed("series", series);
        }
        List<IntradaySample> samples = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = series.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode slice = entry.getValue();
            Map<String, BigDecimal> values = new LinkedHashMap<>();
            slice.fields().forEachRemaining(f -> {
                if (!INTRADAY_SLICE_FIELDS.contains(f.getKey()) && decimal(f.getValue()) != null) {
                    values.put(f.getKey(), decimal(f.getValue()));
                }
            });
            samples.add(new IntradaySample(Instant.ofEpochSecond(Long.parseLong(entry.getKey())), text(slice, "model"),
                    intValue(slice, "model_id", "modelid"), text(slice, "deviceid"), values));
        }
        return samples;
    }

    private static <T> Page<T> page(JsonNode body, String listName, Function<JsonNode, T> reader) {
        JsonNode list = body.isArray() ? body : body.get(listName);
        List<T> items = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw Lenient.malformed(listName, list);
            }
            list.forEach(node -> items.add(reader.apply(node)));
        }
        boolean more = body.isObject() && Lenient.flag(body, "more");
        Long offset = body.isObject() ? longValue(body, "offset") : null;
        return new Page<>(items, more, offset == null ? 0 : offset);
    }

    private static MeasureGroup measureGroup(JsonNode node, ZoneId zone) {
        List<Measure> measures = new ArrayList<>();
        node.path("measures").forEach(m -> measures.add(new Measure(
                Math.toIntExact(requiredLong(m, "type")), requiredLong(m, "value"), Math.toIntExact(requiredLong(m, "unit")),
                intValue(m, "position"))));
        Integer attrib = intValue(node, "attrib");
        Integer category = intValue(node, "category");
        return new MeasureGroup(requiredLong(node, "grpid"), attrib == null ? 0 : attrib,
                Instant.ofEpochSecond(requiredLong(node, "date")), epoch(node, "created"), epoch(node, "modified"),
                category == null ? 1 : category, text(node, "deviceid"), text(node, "hash_deviceid"), text(node, "model"),
                intValue(node, "modelid", "model_id"), measures, zone);
    }

    private static SleepSummary sleepSummary(JsonNode node) {
        ZoneId zone = zone(text(node, "timezone"));
        Map<String, BigDecimal> numbers = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, List<Long>> nightEvents = new LinkedHashMap<>();
        node.path("data").fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if ("night_events".equals(name)) {
                nightEvents.putAll(nightEvents(value));
            } else if (value.isNumber()) {
                numbers.put(name, value.decimalValue());
            } else if (value.isTextual()) {
                BigDecimal number = decimal(value);
                if (number != null) {
                    numbers.put(name, number);
                } else {
                    texts.put(name, value.textValue());
                }
            }
        });
        return new SleepSummary(longValue(node, "id"), zone, intValue(node, "model"), intValue(node, "model_id", "modelid"),
                text(node, "hash_deviceid"), Instant.ofEpochSecond(requiredLong(node, "startdate")),
                Instant.ofEpochSecond(requiredLong(node, "enddate")), date(node, "date", zone), epoch(node, "created"),
                epoch(node, "modified"), numbers, texts, nightEvents,
                page(node, SleepSummary.STAGES_FIELD, WithingsPayloads::sleepStage).items());
    }

    /** Withings sends night_events as an object or as that object serialised into a string. */
    private static Map<String, List<Long>> nightEvents(JsonNode value) {
        JsonNode events = value;
        if (value.isTextual()) {
            events = parse(value.textValue());
        }
        Map<String, List<Long>> result = new LinkedHashMap<>();
        events.fields().forEachRemaining(entry -> {
            List<Long> offsets = new ArrayList<>();
            entry.getValue().forEach(offset -> offsets.add(offset.asLong()));
            result.put(entry.getKey(), offsets);
        });
        return result;
    }

    private static ActivityDay activityDay(JsonNode node) {
        ZoneId zone = zone(text(node, "timezone"));
        Map<String, BigDecimal> numbers = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            BigDecimal number = decimal(entry.getValue());
            if (!ACTIVITY_ROW_FIELDS.contains(entry.getKey()) && number != null) {
                numbers.put(entry.getKey(), number);
            }
        });
        return new ActivityDay(date(node, "date", zone), zone, text(node, "deviceid"), text(node, "hash_deviceid"),
                intValue(node, "brand"), Lenient.flag(node, "is_tracker"), epoch(node, "modified"), text(node, "model"),
                intValue(node, "modelid", "model_id"), numbers,
                node.has(ActivityDay.INTRADAY_FIELD) ? intradaySlices(node.path(ActivityDay.INTRADAY_FIELD)) : null);
    }

    private static Workout workout(JsonNode node) {
        ZoneId zone = zone(text(node, "timezone"));
        Map<String, BigDecimal> numbers = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        node.path("data").fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            BigDecimal number = decimal(value);
            if (number != null) {
                numbers.put(entry.getKey(), number);
            } else if (value.isTextual()) {
                texts.put(entry.getKey(), value.textValue());
            }
        });
        Integer category = intValue(node, "category");
        return new Workout(requiredLong(node, "id"), category == null ? 36 : category, zone,
                intValue(node, "model", "model_id", "modelid"), intValue(node, "attrib"),
                Instant.ofEpochSecond(requiredLong(node, "startdate")), Instant.ofEpochSecond(requiredLong(node, "enddate")),
                date(node, "date", zone), text(node, "deviceid"), epoch(node, "modified"), numbers, texts);
    }

    private static HeartRecording heartRecording(JsonNode node) {
        JsonNode ecg = node.path("ecg");
        JsonNode bp = node.path("bloodpressure");
        return new HeartRecording(text(node, "deviceid"), intValue(node, "model"), requiredLong(ecg, "signalid"),
                intValue(ecg, "afib"), bp.isObject() ? intValue(bp, "systole") : null,
                bp.isObject() ? intValue(bp, "diastole") : null, intValue(node, "heart_rate"),
                Instant.ofEpochSecond(requiredLong(node, "timestamp")), epoch(node, "modified"),
                node.path(HeartRecording.SIGNAL_FIELD).isObject() ? ecgSignal(node.path(HeartRecording.SIGNAL_FIELD)) : null);
    }

    /** A heart get body: {@code signal} (µV), {@code sampling_frequency}, {@code wearposition}. */
    public static EcgSignal ecgSignal(JsonNode payload) {
        JsonNode body = payload.has("signal") ? payload : body(payload);
        List<Integer> samples = new ArrayList<>();
        body.path("signal").forEach(sample -> samples.add(sample.asInt()));
        Integer frequency = intValue(body, "sampling_frequency");
        if (frequency == null || frequency <= 0) {
            throw Lenient.malformed("sampling_frequency", body.path("sampling_frequency"));
        }
        return new EcgSignal(frequency, samples, intValue(body, "wearposition"));
    }

    private static WithingsDevice device(JsonNode node) {
        return new WithingsDevice(text(node, "type"), text(node, "battery"), text(node, "model"),
                intValue(node, "model_id", "modelid"), zone(text(node, "timezone")), epoch(node, "first_session_date"),
                epoch(node, "last_session_date"), text(node, "deviceid"), text(node, "hash_deviceid"));
    }

    private static SleepStages sleepStage(JsonNode node) {
        Map<String, SortedMap<Instant, BigDecimal>> samples = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            if (entry.getValue().isObject()) {
                SortedMap<Instant, BigDecimal> series = new TreeMap<>();
                entry.getValue().fields().forEachRemaining(sample -> series.put(
                        Instant.ofEpochSecond(Long.parseLong(sample.getKey())), decimal(sample.getValue())));
                samples.put(entry.getKey(), series);
            }
        });
        Integer state = intValue(node, "state");
        return new SleepStages(Instant.ofEpochSecond(requiredLong(node, "startdate")),
                Instant.ofEpochSecond(requiredLong(node, "enddate")), state == null ? 5 : state, text(node, "model"),
                intValue(node, "model_id", "modelid"), text(node, "hash_deviceid"), samples);
    }
}
