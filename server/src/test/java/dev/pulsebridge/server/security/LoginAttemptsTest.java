package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginAttemptsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final LoginAttempts attempts = new LoginAttempts(clock);

    private void fail(String username, int times) {
        for (int i = 0; i < times; i++) {
            attempts.failed(username);
        }
    }

    @Test
    void fiveWrongPasswordsLockTheUsername() {
        fail("anna", 4);
        assertThat(attempts.locked("anna")).isFalse();

        attempts.failed("anna");

        assertThat(attempts.locked("anna")).isTrue();
        assertThat(attempts.locked("ANNA")).as("usernames are compared without case").isTrue();
        assertThat(attempts.locked("ben")).isFalse();
    }

    @Test
    void theLockEndsWhenTheFailuresAreOlderThanTheWindow() {
        fail("anna", 5);

        clock.advance(LoginAttempts.WINDOW.plus(Duration.ofSeconds(1)));

        assertThat(attempts.locked("anna")).isFalse();
    }

    @Test
    void aSuccessfulSignInClearsTheCount() {
        fail("anna", 4);

        attempts.succeeded("anna");
        attempts.failed("anna");

        assertThat(attempts.locked("anna")).isFalse();
    }
}
