package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.terminology.Canonicals;
import dev.pulsebridge.terminology.Metric;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.SampledData;

/**
 * Withings samples as R5 SampledData, one shape for every series Pulsebridge writes: time in seconds
 * from the Observation's effective start; a series that keeps to a grid (Withings' per-minute data)
 * names its step as {@code interval}, with {@code E} where a sample is missing; one that does not lists
 * each sample's {@code offsets}. Values are in the row's UCUM unit, carried by {@code origin} (zero).
 */
final class SampledSeries {

    /** The special data code for "no value here" (R5: error), also used for a gap between sleep stages. */
    static final String NO_VALUE = "E";
    private static final String SECONDS = "s";
    /** A grid is worth it only while at most this many points are gaps per sample present. */
    private static final int MAX_GAPS_PER_SAMPLE = 1;

    private SampledSeries() {
    }

    /** A series and the stretch of time it covers. */
    record Sampled(SampledData data, Instant start, Instant end) {
    }

    /** A numeric series; {@code samples} must not be empty. */
    static Sampled numeric(Metric metric, SortedMap<Instant, BigDecimal> samples) {
        Instant start = samples.firstKey();
        long step = gridStep(start, samples);
        long span = samples.lastKey().getEpochSecond() - start.getEpochSecond();
        SampledData data = origin(metric).setDimensions(1).setIntervalUnit(SECONDS);
        StringJoiner values = new StringJoiner(" ");
        if (step > 0 && span / step + 1 <= (long) samples.size() * (1 + MAX_GAPS_PER_SAMPLE)) {
            for (long at = 0; at <= span; at += step) {
                values.add(value(metric, samples.get(start.plusSeconds(at))));
            }
            data.setInterval(step);
            return new Sampled(data.setData(values.toString()), start, samples.lastKey().plusSeconds(step));
        }
        StringJoiner offsets = new StringJoiner(" ");
        samples.forEach((at, value) -> {
            offsets.add(Long.toString(Duration.between(start, at).toSeconds()));
            values.add(value(metric, value));
        });
        data.setOffsets(offsets.toString());
        return new Sampled(data.setData(values.toString()), start, samples.lastKey());
    }

    /** A coded series of stretches (each from its start until the next one's), e.g. a night's stages. */
    record Stretch(Instant start, Instant end, String code) {
    }

    /** {@code stretches} in time order, not empty; a gap between two becomes a stretch coded {@link #NO_VALUE}. */
    static Sampled coded(Metric metric, List<Stretch> stretches, String codeMap) {
        Instant start = stretches.get(0).start();
        StringJoiner offsets = new StringJoiner(" ");
        StringJoiner codes = new StringJoiner(" ");
        Instant covered = start;
        for (Stretch stretch : stretches) {
            if (stretch.start().isAfter(covered)) {
                offsets.add(Long.toString(Duration.between(start, covered).toSeconds()));
                codes.add(NO_VALUE);
            }
            offsets.add(Long.toString(Duration.between(start, stretch.start()).toSeconds()));
            codes.add(stretch.code());
            if (stretch.end().isAfter(covered)) {
                covered = stretch.end();
            }
        }
        SampledData data = origin(metric).setDimensions(1).setIntervalUnit(SECONDS).setCodeMap(codeMap)
                .setOffsets(offsets.toString()).setData(codes.toString());
        return new Sampled(data, start, covered);
    }

    /**
     * A device signal sampled at {@code samplingHz} from {@code start}: {@code interval} in milliseconds,
     * rounded to six decimals where the frequency does not divide a second (300 Hz).
     */
    static Sampled signal(Metric metric, Instant start, int samplingHz, List<Integer> samples) {
        StringJoiner values = new StringJoiner(" ");
        samples.forEach(sample -> values.add(Integer.toString(sample)));
        BigDecimal interval = BigDecimal.valueOf(1000).divide(BigDecimal.valueOf(samplingHz), 6, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros();
        SampledData data = origin(metric).setDimensions(1).setIntervalUnit("ms")
                .setInterval(interval.scale() < 0 ? interval.setScale(0) : interval).setData(values.toString());
        long lengthNanos = samples.size() * 1_000_000_000L / samplingHz;
        return new Sampled(data, start, start.plusNanos(lengthNanos));
    }

    private static SampledData origin(Metric metric) {
        return new SampledData().setOrigin((Quantity) new Quantity().setValue(BigDecimal.ZERO)
                .setUnit(metric.unit().display()).setSystem(Canonicals.UCUM).setCode(metric.unit().ucum()));
    }

    /** The greatest common step between samples, in whole seconds; 0 when there is only one sample. */
    private static long gridStep(Instant start, Map<Instant, BigDecimal> samples) {
        BigInteger step = BigInteger.ZERO;
        for (Instant at : samples.keySet()) {
            step = step.gcd(BigInteger.valueOf(at.getEpochSecond() - start.getEpochSecond()));
        }
        return step.longValueExact();
    }

    private static String value(Metric metric, BigDecimal withingsValue) {
        if (withingsValue == null) {
            return NO_VALUE;
        }
        BigDecimal value = metric.toUcum(withingsValue).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    }
}
