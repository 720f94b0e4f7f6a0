package dev.pulsebridge.server.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookRegistrationTest {

    @Test
    void everyScopeAllowsItsNotificationCategories() {
        assertThat(WebhookRegistration.applisAllowedBy(
                List.of("user.info", "user.metrics", "user.activity", "user.sleepevents")))
                .containsExactly(1, 2, 4, 16, 44, 46, 50, 51, 54);
    }

    @Test
    void withoutActivityScopeNoActivityOrSleepIsSubscribed() {
        assertThat(WebhookRegistration.applisAllowedBy(List.of("user.metrics"))).containsExactly(1, 2, 4, 54);
    }

    @Test
    void onlyHttpsOnPort443IsReachableForWithings() {
        assertThat(WebhookRegistration.reachable("https://pb.example.org", false)).isTrue();
        assertThat(WebhookRegistration.reachable("https://pb.example.org:443", false)).isTrue();
        assertThat(WebhookRegistration.reachable("https://pb.example.org:8443", false)).isFalse();
        assertThat(WebhookRegistration.reachable("http://pb.example.org", false)).isFalse();
        assertThat(WebhookRegistration.reachable("http://localhost:8080", true)).isTrue();
    }
}
