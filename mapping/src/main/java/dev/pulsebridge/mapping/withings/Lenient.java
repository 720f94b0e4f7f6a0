package dev.pulsebridge.mapping.withings;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads Withings JSON the way Withings writes it: numbers sometimes as strings, one field under two
 * names, nulls and missing keys meaning the same thing.
 */
final class Lenient {

    private Lenient() {
    }

    /** The first of the names present with a non-null value. */
    static JsonNode field(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    static String text(JsonNode node, String... names) {
        JsonNode value = field(node, names);
        if (value == null) {
            return null;
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.isEmpty() ? null : text;
    }

    static Long longValue(JsonNode node, String... names) {
        JsonNode value = field(node, names);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.decimalValue().longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.textValue().trim());
            } catch (NumberFormatException e) {
                throw malformed(names[0], value);
            }
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? 1L : 0L;
        }
        throw malformed(names[0], value);
    }

    static Integer intValue(JsonNode node, String... names) {
        Long value = longValue(node, names);
        return value == null ? null : Math.toIntExact(value);
    }

    static long requiredLong(JsonNode node, String name) {
        Long value = longValue(node, name);
        if (value == null) {
            throw new WithingsApiException(-1, "Withings payload lacks '" + name + "': " + abbreviate(node));
        }
        return value;
    }

    /** A number exactly as written, without binary floating point in between. */
    static BigDecimal decimal(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static boolean flag(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null) {
            return false;
        }
        return value.isBoolean() ? value.booleanValue() : value.asLong(0) != 0;
    }

    static Instant epoch(JsonNode node, String... names) {
        Long seconds = longValue(node, names);
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    /** A local date written as {@code YYYY-MM-DD}, or (in older payloads) as epoch seconds. */
    static LocalDate date(JsonNode node, String name, ZoneId zone) {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochSecond(value.longValue()).atZone(zone).toLocalDate();
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeException e) {
            throw malformed(name, value);
        }
    }

    /** The IANA zone Withings names, or UTC when it names none or one Java does not know. */
    static ZoneId zone(String name) {
        if (name == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    static WithingsApiException malformed(String field, JsonNode value) {
        return new WithingsApiException(-1, "Withings field '" + field + "' has an unexpected value: " + abbreviate(value));
    }

    private static String abbreviate(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
