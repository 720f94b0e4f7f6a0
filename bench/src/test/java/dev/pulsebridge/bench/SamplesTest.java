package dev.pulsebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void percentilesAreNearestRankOverTheSortedSamples() {
        Samples samples = new Samples();
        for (int value = 100; value >= 1; value--) {
            samples.add(value);
        }
        assertThat(samples.median()).isEqualTo(50);
        assertThat(samples.percentile(95)).isEqualTo(95);
        assertThat(samples.percentile(99)).isEqualTo(99);
        assertThat(samples.max()).isEqualTo(100);
    }

    @Test
    void noSamplesHaveNoPercentile() {
        assertThat(new Samples().median()).isNaN();
    }
}
