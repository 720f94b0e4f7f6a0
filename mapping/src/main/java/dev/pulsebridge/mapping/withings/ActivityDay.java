package dev.pulsebridge.mapping.withings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A getactivity {@code activities[]} item: one local day's totals.
 *
 * @param brand 1 Withings, 18 an external source (phone, Google Fit)
 * @param modelId {@code -1} or null when no device model is known
 * @param numbers metric fields as sent (steps, distance, soft, hr_zone_0, ...)
 * @param intraday the day's getintradayactivity slices, when the reader fetched them and added them to the
 *     item under {@link #INTRADAY_FIELD}; null when it did not (an empty list: asked for, none recorded)
 */
public record ActivityDay(LocalDate date, ZoneId zone, String deviceId, String hashDeviceId, Integer brand,
        boolean tracker, Instant modified, String model, Integer modelId, Map<String, BigDecimal> numbers,
        List<IntradaySample> intraday) {

    /** Where Pulsebridge puts a day's getintradayactivity series inside its getactivity item (Withings never sends it). */
    public static final String INTRADAY_FIELD = "getintradayactivity_series";

    public ActivityDay {
        numbers = Map.copyOf(numbers);
        intraday = intraday == null ? null : List.copyOf(intraday);
    }

    public String deviceKey() {
        return hashDeviceId != null ? hashDeviceId : deviceId;
    }
}
