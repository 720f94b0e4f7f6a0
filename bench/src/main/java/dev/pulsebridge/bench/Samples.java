package dev.pulsebridge.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples in milliseconds; thread-safe to add to, percentiles by nearest rank. */
public final class Samples {

    private final List<Double> millis = new ArrayList<>();

    public synchronized void add(double value) {
        millis.add(value);
    }

    public synchronized void addNanos(long nanos) {
        millis.add(nanos / 1_000_000.0);
    }

    /** @param p 0 to 100; NaN when there are no samples */
    public synchronized double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public double median() {
        return percentile(50);
    }

    public synchronized double max() {
        return millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
