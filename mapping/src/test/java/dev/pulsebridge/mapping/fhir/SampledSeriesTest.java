package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hl7.fhir.r5.model.SampledData;
import org.junit.jupiter.api.Test;

class SampledSeriesTest {

    private static final Metric HEART_RATE = CodeTable.find(Source.SLEEP_SERIES, "hr").orElseThrow();
    private static final Instant T0 = Instant.parse("2024-03-02T00:00:00Z");

    private static SortedMap<Instant, BigDecimal> samples(long... secondsThenValue) {
        SortedMap<Instant, BigDecimal> samples = new TreeMap<>();
        for (int i = 0; i < secondsThenValue.length; i += 2) {
            samples.put(T0.plusSeconds(secondsThenValue[i]), BigDecimal.valueOf(secondsThenValue[i + 1]));
        }
        return samples;
    }

    @Test
    void samplesOnAMinuteGridBecomeAnIntervalSeriesWithEWhereAMinuteIsMissing() {
        SampledSeries.Sampled series = SampledSeries.numeric(HEART_RATE, samples(0, 57, 60, 58, 180, 55));

        SampledData data = series.data();
        assertThat(data.getInterval().longValueExact()).isEqualTo(60);
        assertThat(data.getIntervalUnit()).isEqualTo("s");
        assertThat(data.hasOffsets()).isFalse();
        assertThat(data.getData()).isEqualTo("57 58 E 55");
        assertThat(data.getOrigin().getValue()).isEqualByComparingTo("0");
        assertThat(data.getOrigin().getCode()).isEqualTo("/min");
        assertThat(data.getDimensions()).isEqualTo(1);
        assertThat(series.start()).isEqualTo(T0);
        assertThat(series.end()).as("the last minute is covered to its end").isEqualTo(T0.plusSeconds(240));
    }

    @Test
    void samplesOffAnyDenseGridListTheirOffsets() {
        SampledSeries.Sampled series = SampledSeries.numeric(HEART_RATE, samples(0, 57, 7, 58, 600, 55));

        assertThat(series.data().hasInterval()).isFalse();
        assertThat(series.data().getOffsets()).isEqualTo("0 7 600");
        assertThat(series.data().getData()).isEqualTo("57 58 55");
        assertThat(series.end()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void decimalValuesKeepTheirDigitsWithoutTrailingZeros() {
        SortedMap<Instant, BigDecimal> samples = new TreeMap<>();
        samples.put(T0, new BigDecimal("12.50"));
        samples.put(T0.plusSeconds(60), new BigDecimal("100"));

        assertThat(SampledSeries.numeric(HEART_RATE, samples).data().getData()).isEqualTo("12.5 100");
    }

    @Test
    void stretchesBecomeCodesAtTheirStartsAndAGapBecomesAnE() {
        List<SampledSeries.Stretch> night = List.of(
                new SampledSeries.Stretch(T0, T0.plusSeconds(120), "0"),
                new SampledSeries.Stretch(T0.plusSeconds(120), T0.plusSeconds(600), "1"),
                new SampledSeries.Stretch(T0.plusSeconds(900), T0.plusSeconds(1200), "2"));

        SampledSeries.Sampled series = SampledSeries.coded(CodeTable.SLEEP_STAGES, night, "https://example.org/map");

        assertThat(series.data().getOffsets()).isEqualTo("0 120 600 900");
        assertThat(series.data().getData()).isEqualTo("0 1 E 2");
        assertThat(series.data().getCodeMap()).isEqualTo("https://example.org/map");
        assertThat(series.data().getOrigin().getCode()).isEqualTo("1");
        assertThat(series.end()).isEqualTo(T0.plusSeconds(1200));
    }
}
