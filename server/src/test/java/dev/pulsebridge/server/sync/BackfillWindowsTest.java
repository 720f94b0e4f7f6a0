package dev.pulsebridge.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackfillWindowsTest {

    private static final long DAY = Duration.ofDays(1).toSeconds();
    private static final long YEAR = 365 * DAY;
    private static final long NOW = 1_790_000_000L;

    @Test
    void aYearAndADayIsOneWindowNotTwo() {
        List<long[]> windows = SyncPlanner.windows(NOW - YEAR - DAY, NOW, YEAR);

        assertThat(windows).hasSize(1);
        assertThat(windows.get(0)).containsExactly(NOW - YEAR - DAY, NOW);
    }

    @Test
    void aMonthIsOneWindow() {
        assertThat(SyncPlanner.windows(NOW - 30 * DAY, NOW, YEAR)).hasSize(1);
    }

    @Test
    void tenYearsAreTenWindowsNewestFirstWithNoGapOrOverlap() {
        long from = NOW - 10 * YEAR + 1;
        List<long[]> windows = SyncPlanner.windows(from, NOW, YEAR);

        assertThat(windows).hasSize(10);
        assertThat(windows.get(0)[1]).isEqualTo(NOW);
        assertThat(windows.get(9)[0]).isEqualTo(from);
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i)[1]).isEqualTo(windows.get(i - 1)[0] - 1);
        }
        assertThat(windows).allSatisfy(window -> assertThat(window[1] - window[0] + 1).isEqualTo(YEAR));
    }

    @Test
    void thirtyDayWindowsCutAYearInTwelve() {
        assertThat(SyncPlanner.windows(NOW - YEAR + 1, NOW, 30 * DAY)).hasSize(12);
    }
}
