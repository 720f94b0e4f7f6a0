package dev.pulsebridge.mapping.withings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * A sleep {@code get} series item: one sleep stage and the high-frequency samples inside it.
 *
 * @param state 0 awake, 1 light, 2 deep, 3 REM, 4 manual, 5 unspecified, 15 out of bed
 * @param samples field (hr, rr, snoring, ...) to time-ordered samples
 */
public record SleepStages(Instant start, Instant end, int state, String model, Integer modelId, String hashDeviceId,
        Map<String, SortedMap<Instant, BigDecimal>> samples) {
}
