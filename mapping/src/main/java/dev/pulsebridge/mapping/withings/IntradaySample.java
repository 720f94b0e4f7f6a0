package dev.pulsebridge.mapping.withings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** A getintradayactivity slice: the values recorded from {@code start} (steps, heart_rate, duration, ...). */
public record IntradaySample(Instant start, String model, Integer modelId, String deviceId, Map<String, BigDecimal> values) {
}
