package dev.pulsebridge.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WithingsWebhookRegistrationTest {

    @Test
    void onlyHttpsOnPort443IsReachableForWithings() {
        assertThat(WithingsWebhookRegistration.reachable("https://pb.example.org", false)).isTrue();
        assertThat(WithingsWebhookRegistration.reachable("https://pb.example.org:443", false)).isTrue();
        assertThat(WithingsWebhookRegistration.reachable("https://pb.example.org:8443", false)).isFalse();
        assertThat(WithingsWebhookRegistration.reachable("http://pb.example.org", false)).isFalse();
        assertThat(WithingsWebhookRegistration.reachable("http://localhost:8080", true)).isTrue();
    }
}
