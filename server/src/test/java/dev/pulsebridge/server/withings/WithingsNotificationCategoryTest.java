package dev.pulsebridge.server.withings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithingsNotificationCategoryTest {

    @Test
    void everyScopeAllowsItsNotificationCategories() {
        assertThat(WithingsNotificationCategory.subscribedWith(
                List.of("user.info", "user.metrics", "user.activity", "user.sleepevents")))
                .containsExactly(1, 2, 4, 16, 44, 46, 50, 51, 54);
    }

    @Test
    void withoutActivityScopeNoActivityOrSleepIsSubscribed() {
        assertThat(WithingsNotificationCategory.subscribedWith(List.of("user.metrics"))).containsExactly(1, 2, 4, 54);
    }

    @Test
    void everyCategoryWithingsDocumentsForUsersIsKnown() {
        assertThat(WithingsNotificationCategory.knownApplis())
                .containsExactly(1, 2, 4, 16, 44, 46, 50, 51, 52, 54, 55, 58);
    }

    @Test
    void dataKindsKeepTheCodesStoredInTheDatabase() {
        assertThat(DataKind.MEASURES.code()).isEqualTo("measures");
        assertThat(DataKind.fromCode("heart")).isEqualTo(DataKind.HEART);
    }
}
