package dev.pulsebridge.mapping.withings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * A getactivity {@code activities[]} item: one local day's totals.
 *
 * @param brand 1 Withings, 18 an external source (phone, Google Fit)
 * @param modelId {@code -1} or null when no device model is known
 * @param numbers metric fields as sent (steps, distance, soft, hr_zone_0, ...)
 */
public record ActivityDay(LocalDate date, ZoneId zone, String deviceId, String hashDeviceId, Integer brand,
        boolean tracker, Instant modified, String model, Integer modelId, Map<String, BigDecimal> numbers) {

    public ActivityDay {
        numbers = Map.copyOf(numbers);
    }

    public String deviceKey() {
        return hashDeviceId != null ? hashDeviceId : deviceId;
    }
}
