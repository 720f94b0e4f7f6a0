package dev.pulsebridge.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import org.junit.jupiter.api.Test;

class WithingsNotificationRouteTest {

    @Test
    void weightTemperatureBloodPressureAndGlucoseFetchMeasures() {
        for (int appli : new int[] {1, 2, 4, 58}) {
            assertThat(WithingsNotificationRoute.of(appli, null).fetch()).contains(DataKind.MEASURES);
        }
    }

    @Test
    void activitySleepAndEcgFetchTheirOwnData() {
        assertThat(WithingsNotificationRoute.of(16, null).fetch()).contains(DataKind.ACTIVITY);
        assertThat(WithingsNotificationRoute.of(44, null).fetch()).contains(DataKind.SLEEP);
        assertThat(WithingsNotificationRoute.of(54, null).fetch()).contains(DataKind.HEART);
    }

    @Test
    void unlinkAndDeleteEndTheAccountButAProfileUpdateDoesNot() {
        assertThat(WithingsNotificationRoute.of(46, "unlink").accountEnded()).isTrue();
        assertThat(WithingsNotificationRoute.of(46, "delete").accountEnded()).isTrue();
        assertThat(WithingsNotificationRoute.of(46, "update").accountEnded()).isFalse();
        assertThat(WithingsNotificationRoute.of(46, "update").fetch()).isEmpty();
    }

    @Test
    void bedEventsFetchNothing() {
        assertThat(WithingsNotificationRoute.of(50, null).fetch()).isEmpty();
        assertThat(WithingsNotificationRoute.of(51, null).detail()).isEqualTo("bed out");
    }
}
