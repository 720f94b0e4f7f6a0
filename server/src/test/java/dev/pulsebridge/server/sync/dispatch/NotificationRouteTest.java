package dev.pulsebridge.server.sync.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.sync.queue.DataKind;
import org.junit.jupiter.api.Test;

class NotificationRouteTest {

    @Test
    void weightTemperatureBloodPressureAndGlucoseFetchMeasures() {
        for (int appli : new int[] {1, 2, 4, 58}) {
            assertThat(NotificationRoute.of(appli, null).fetch()).contains(DataKind.MEASURES);
        }
    }

    @Test
    void activitySleepAndEcgFetchTheirOwnData() {
        assertThat(NotificationRoute.of(16, null).fetch()).contains(DataKind.ACTIVITY);
        assertThat(NotificationRoute.of(44, null).fetch()).contains(DataKind.SLEEP);
        assertThat(NotificationRoute.of(54, null).fetch()).contains(DataKind.HEART);
    }

    @Test
    void unlinkAndDeleteEndTheAccountButAProfileUpdateDoesNot() {
        assertThat(NotificationRoute.of(46, "unlink").accountEnded()).isTrue();
        assertThat(NotificationRoute.of(46, "delete").accountEnded()).isTrue();
        assertThat(NotificationRoute.of(46, "update").accountEnded()).isFalse();
        assertThat(NotificationRoute.of(46, "update").fetch()).isEmpty();
    }

    @Test
    void bedEventsFetchNothing() {
        assertThat(NotificationRoute.of(50, null).fetch()).isEmpty();
        assertThat(NotificationRoute.of(51, null).detail()).isEqualTo("bed out");
    }
}
