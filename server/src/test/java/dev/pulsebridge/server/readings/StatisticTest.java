package dev.pulsebridge.server.readings;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticTest {

    private static List<BigDecimal> values(double... numbers) {
        return java.util.Arrays.stream(numbers).mapToObj(BigDecimal::valueOf).toList();
    }

    @Test
    void averageIsRoundedToTwoDecimals() {
        assertThat(Statistic.AVERAGE.of(values(120, 130, 141))).contains(new BigDecimal("130.33"));
    }

    @Test
    void medianOfAnEvenCountIsTheMiddlePairsMean() {
        assertThat(Statistic.MEDIAN.of(values(4, 1, 3, 2))).contains(new BigDecimal("2.50"));
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        assertThat(Statistic.PERCENTILE_20.of(values(50, 10, 40, 20, 30))).contains(new BigDecimal("18.00"));
        assertThat(Statistic.PERCENTILE_80.of(values(50, 10, 40, 20, 30))).contains(new BigDecimal("42.00"));
        assertThat(Statistic.LOWER_QUARTILE.of(values(50, 10, 40, 20, 30))).contains(new BigDecimal("20.00"));
    }

    @Test
    void standardDeviationIsOfASample() {
        assertThat(Statistic.STANDARD_DEVIATION.of(values(2, 4, 4, 4, 5, 5, 7, 9))).contains(new BigDecimal("2.14"));
        assertThat(Statistic.VARIANCE.of(values(2, 4, 4, 4, 5, 5, 7, 9))).contains(new BigDecimal("4.57"));
    }

    @Test
    void aSpreadOfOneValueIsUndefined() {
        assertThat(Statistic.STANDARD_DEVIATION.of(values(72))).isEmpty();
    }

    @Test
    void countOfNothingIsZeroAndOtherStatisticsOfNothingAreUndefined() {
        assertThat(Statistic.COUNT.of(List.of())).contains(BigDecimal.ZERO);
        assertThat(Statistic.AVERAGE.of(List.of())).isEmpty();
    }

    @Test
    void extremesAndSumAreExact() {
        assertThat(Statistic.MINIMUM.of(values(71.5, 70.2, 73))).contains(new BigDecimal("70.20"));
        assertThat(Statistic.MAXIMUM.of(values(71.5, 70.2, 73))).contains(new BigDecimal("73.00"));
        assertThat(Statistic.SUM.of(values(71.5, 70.2, 73))).contains(new BigDecimal("214.70"));
    }
}
