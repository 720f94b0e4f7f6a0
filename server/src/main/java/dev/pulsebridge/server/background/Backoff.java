package dev.pulsebridge.server.background;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * The one retry policy of the server: exponential backoff from {@code base}, doubling per attempt, with
 * ±50% jitter (so retries from many workers spread out), never longer than {@code cap}. Resilience4j's
 * {@link IntervalFunction} computes it; {@link #intervals()} hands the same policy to a Resilience4j
 * {@code Retry}.
 */
public record Backoff(Duration base, Duration cap) {

    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got " + base + " and " + cap);
        }
    }

    /** @param attempt how many attempts have failed so far, from 1 */
    public Duration after(int attempt) {
        return Duration.ofMillis(intervals().apply(Math.max(1, attempt)));
    }

    public IntervalFunction intervals() {
        IntervalFunction randomized = IntervalFunction.ofExponentialRandomBackoff(base, MULTIPLIER, JITTER, cap);
        return attempt -> Math.min(cap.toMillis(), randomized.apply(attempt));
    }
}
