package dev.pulsebridge.server.withings.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackfillSpanTest {

    private static final Instant NOW = Instant.parse("2026-11-21T15:30:00Z");

    @Test
    void aPeriodReachesBackFromTheStartOfToday() {
        assertThat(BackfillSpan.parse("P1Y").from(NOW)).isEqualTo(Instant.parse("2025-11-21T00:00:00Z"));
        assertThat(BackfillSpan.parse("p90d").from(NOW)).isEqualTo(Instant.parse("2026-08-23T00:00:00Z"));
    }

    @Test
    void allReachesBackToBeforeTheFirstWithingsScale() {
        assertThat(BackfillSpan.parse("all").from(NOW)).isEqualTo(Instant.parse("2008-01-01T00:00:00Z"));
    }

    @Test
    void aVeryLongPeriodStopsWhereAllDoes() {
        assertThat(BackfillSpan.parse("P100Y").from(NOW)).isEqualTo(Instant.parse("2008-01-01T00:00:00Z"));
    }

    @Test
    void noneMeansOnlyNewData() {
        assertThat(BackfillSpan.parse("none").none()).isTrue();
        assertThat(BackfillSpan.parse("P1D").none()).isFalse();
    }

    @Test
    void anythingElseIsRefusedWithTheAcceptedForms() {
        assertThatThrownBy(() -> BackfillSpan.parse("1 year")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P1Y").hasMessageContaining("'all'").hasMessageContaining("'none'");
        assertThatThrownBy(() -> BackfillSpan.parse("P-1Y")).isInstanceOf(IllegalArgumentException.class);
    }
}
