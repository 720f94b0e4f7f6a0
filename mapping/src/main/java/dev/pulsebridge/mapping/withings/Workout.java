package dev.pulsebridge.mapping.withings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * A getworkouts {@code series[]} item.
 *
 * @param category Withings sport code (1 walk, 2 run, ...)
 * @param modelId device model id (1055 Google Fit, 1056 Samsung Health, ...)
 * @param numbers {@code data} fields as sent; zeros and nulls mean "not measured"
 */
public record Workout(long id, int category, ZoneId zone, Integer modelId, Integer attrib, Instant start, Instant end,
        LocalDate date, String deviceId, Instant modified, Map<String, BigDecimal> numbers, Map<String, String> texts) {

    public Workout {
        numbers = Map.copyOf(numbers);
        texts = Map.copyOf(texts);
    }
}
