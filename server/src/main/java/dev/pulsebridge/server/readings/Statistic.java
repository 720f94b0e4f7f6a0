package dev.pulsebridge.server.readings;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The statistics {@code Observation/$stats} computes, by their codes in
 * {@code http://terminology.hl7.org/CodeSystem/observation-statistics}; pure arithmetic over the values.
 * Percentiles interpolate linearly between the nearest ranks (the common "type 7" definition), standard
 * deviation and variance are of a sample (n - 1). Answers are rounded to {@link #SCALE} decimals.
 */
enum Statistic {
    AVERAGE("average", "Average"),
    MINIMUM("minimum", "Minimum"),
    MAXIMUM("maximum", "Maximum"),
    COUNT("count", "Count"),
    SUM("sum", "Sum"),
    MEDIAN("median", "Median"),
    STANDARD_DEVIATION("std-dev", "Standard Deviation"),
    VARIANCE("variance", "Variance"),
    PERCENTILE_20("20-percent", "20th Percentile"),
    PERCENTILE_80("80-percent", "80th Percentile"),
    LOWER_QUARTILE("4-lower", "Lower Quartile"),
    UPPER_QUARTILE("4-upper", "Upper Quartile");

    static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-statistics";
    static final int SCALE = 2;
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    final String code;
    final String display;

    Statistic(String code, String display) {
        this.code = code;
        this.display = display;
    }

    static Optional<Statistic> of(String code) {
        return Arrays.stream(values()).filter(statistic -> statistic.code.equals(code)).findFirst();
    }

    /** Empty when the statistic is undefined for these values (none at all; a spread of one value). */
    Optional<BigDecimal> of(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return this == COUNT ? Optional.of(BigDecimal.ZERO) : Optional.empty();
        }
        BigDecimal[] sorted = values.stream().sorted().toArray(BigDecimal[]::new);
        BigDecimal result = switch (this) {
            case AVERAGE -> sum(sorted).divide(BigDecimal.valueOf(sorted.length), PRECISION);
            case MINIMUM -> sorted[0];
            case MAXIMUM -> sorted[sorted.length - 1];
            case COUNT -> BigDecimal.valueOf(sorted.length);
            case SUM -> sum(sorted);
            case MEDIAN -> percentile(sorted, 0.5);
            case PERCENTILE_20 -> percentile(sorted, 0.2);
            case PERCENTILE_80 -> percentile(sorted, 0.8);
            case LOWER_QUARTILE -> percentile(sorted, 0.25);
            case UPPER_QUARTILE -> percentile(sorted, 0.75);
            case VARIANCE -> sorted.length < 2 ? null : variance(sorted);
            case STANDARD_DEVIATION -> sorted.length < 2 ? null : variance(sorted).sqrt(PRECISION);
        };
        if (result == null) {
            return Optional.empty();
        }
        return Optional.of(this == COUNT ? result : result.setScale(SCALE, RoundingMode.HALF_UP));
    }

    private static BigDecimal sum(BigDecimal[] values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal value : values) {
            sum = sum.add(value);
        }
        return sum;
    }

    private static BigDecimal variance(BigDecimal[] values) {
        BigDecimal mean = sum(values).divide(BigDecimal.valueOf(values.length), PRECISION);
        BigDecimal squares = BigDecimal.ZERO;
        for (BigDecimal value : values) {
            BigDecimal deviation = value.subtract(mean);
            squares = squares.add(deviation.multiply(deviation));
        }
        return squares.divide(BigDecimal.valueOf(values.length - 1L), PRECISION);
    }

    private static BigDecimal percentile(BigDecimal[] sorted, double fraction) {
        double rank = fraction * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        BigDecimal weight = BigDecimal.valueOf(rank - below);
        return sorted[below].add(sorted[above].subtract(sorted[below]).multiply(weight), PRECISION);
    }
}
