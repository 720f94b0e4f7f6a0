package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchContextsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final LaunchContexts launches = new LaunchContexts(clock, Duration.ofMinutes(10));

    @Test
    void anEhrLaunchNamesItsPatientUntilItExpires() {
        String launch = launches.startEhrLaunch("p1", Optional.empty());

        assertThat(launches.ehrLaunch(launch, "any-app")).map(LaunchContexts.Launch::patientId).contains("p1");
        clock.advance(Duration.ofMinutes(11));
        assertThat(launches.ehrLaunch(launch, "any-app")).isEmpty();
    }

    @Test
    void aLaunchBoundToOneAppIsRefusedToAnother() {
        String launch = launches.startEhrLaunch("p1", Optional.of("app-a"));

        assertThat(launches.ehrLaunch(launch, "app-a")).isPresent();
        assertThat(launches.ehrLaunch(launch, "app-b")).isEmpty();
    }

    @Test
    void anUnknownLaunchIsRefused() {
        assertThat(launches.ehrLaunch("made-up", "app-a")).isEmpty();
        assertThat(launches.ehrLaunch(null, "app-a")).isEmpty();
    }

    @Test
    void launchIdsAreNotGuessable() {
        String first = launches.startEhrLaunch("p1", Optional.empty());
        String second = launches.startEhrLaunch("p1", Optional.empty());

        assertThat(first).isNotEqualTo(second).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void aPickedPatientIsTakenOnce() {
        launches.pick("authorization-1", "p2");

        assertThat(launches.takePicked("authorization-1")).contains("p2");
        assertThat(launches.takePicked("authorization-1")).isEmpty();
    }

    @Test
    void aPickedPatientExpires() {
        launches.pick("authorization-1", "p2");
        clock.advance(Duration.ofMinutes(11));

        assertThat(launches.takePicked("authorization-1")).isEmpty();
    }
}
