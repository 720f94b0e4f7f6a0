package dev.pulsebridge.server.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The patient an app is launched for, held between the moment it is known and the moment the token is
 * made. An EHR launch starts here: the EHR asks for a {@code launch} id bound to a patient (and
 * optionally to one app) and hands it to the app, which sends it back on {@code /oauth2/authorize}. A
 * standalone launch ends here: the patient picked on the consent page is kept for that one
 * authorization. Both expire after {@code pulsebridge.security.launch-lifetime}; the token itself carries
 * the patient from then on (refreshes included).
 */
final class LaunchContexts {

    /** A launch an EHR started; {@code clientId} empty when any app may use it. */
    record Launch(String patientId, Optional<String> clientId, Instant expires) {
    }

    private record Picked(String patientId, Instant expires) {
    }

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Launch> launches = new ConcurrentHashMap<>();
    private final Map<String, Picked> picked = new ConcurrentHashMap<>();

    LaunchContexts(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** @return the opaque {@code launch} value to give the app */
    String startEhrLaunch(String patientId, Optional<String> clientId) {
        prune();
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        launches.put(id, new Launch(patientId, clientId, clock.instant().plus(lifetime)));
        return id;
    }

    /** The launch, if it exists, has not expired and may be used by this client. */
    Optional<Launch> ehrLaunch(String launchId, String clientId) {
        Launch launch = launchId == null ? null : launches.get(launchId);
        if (launch == null || launch.expires().isBefore(clock.instant())
                || launch.clientId().filter(bound -> !bound.equals(clientId)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(launch);
    }

    /** Remembers the patient picked during the authorization with this id. */
    void pick(String authorizationId, String patientId) {
        prune();
        picked.put(authorizationId, new Picked(patientId, clock.instant().plus(lifetime)));
    }

    /** The patient picked during this authorization; taken, so it is used once. */
    Optional<String> takePicked(String authorizationId) {
        Picked choice = picked.remove(authorizationId);
        return choice == null || choice.expires().isBefore(clock.instant()) ? Optional.empty() : Optional.of(choice.patientId());
    }

    Duration lifetime() {
        return lifetime;
    }

    private void prune() {
        Instant now = clock.instant();
        launches.values().removeIf(launch -> launch.expires().isBefore(now));
        picked.values().removeIf(choice -> choice.expires().isBefore(now));
    }
}
