package dev.pulsebridge.server.withings.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulsebridge.server.withings.webhook.WithingsNotificationParser.InvalidNotificationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithingsNotificationParserTest {

    @Test
    void aWeighInNotificationIsReadWithItsWindow() {
        WithingsNotification notification = WithingsNotificationParser.parse(
                Map.of("userid", "10000001", "appli", "1", "startdate", "1790000000", "enddate", "1790000060"));

        assertThat(notification.appli()).isEqualTo(1);
        assertThat(notification.startDate()).isEqualTo(1_790_000_000L);
        assertThat(notification.endDate()).isEqualTo(1_790_000_060L);
    }

    @Test
    void anAppliTooLongForAnyCategoryIsRefusedNotOverflowed() {
        assertThatThrownBy(() -> WithingsNotificationParser.parse(Map.of("userid", "1", "appli", "9999999999")))
                .isInstanceOf(InvalidNotificationException.class).hasMessageContaining("appli must be one of");
    }

    @Test
    void aStartdateBeyondTheLongRangeIsRefusedNotOverflowed() {
        assertThatThrownBy(() -> WithingsNotificationParser.parse(
                Map.of("userid", "1", "appli", "1", "startdate", "9999999999999999999")))
                .isInstanceOf(InvalidNotificationException.class).hasMessageContaining("startdate must be epoch seconds");
    }

    @Test
    void anEnddateAtTheLongMaximumIsRefusedSoWideningTheWindowCannotOverflow() {
        assertThatThrownBy(() -> WithingsNotificationParser.parse(
                Map.of("userid", "1", "appli", "1", "enddate", Long.toString(Long.MAX_VALUE))))
                .isInstanceOf(InvalidNotificationException.class).hasMessageContaining("enddate must be epoch seconds");
    }

    @Test
    void theLastSecondOfYear9999IsStillATime() {
        String last = Long.toString(WithingsNotificationParser.LATEST_EPOCH_SECOND);

        assertThat(WithingsNotificationParser.parse(Map.of("userid", "1", "appli", "1", "enddate", last)).endDate())
                .isEqualTo(WithingsNotificationParser.LATEST_EPOCH_SECOND);
    }
}
