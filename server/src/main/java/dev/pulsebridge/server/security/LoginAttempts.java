package dev.pulsebridge.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * Slows password guessing at the login form: after {@link #MAX_FAILURES} wrong passwords for one username
 * within {@link #WINDOW}, that username is locked until the oldest of them is older than the window,
 * whatever password is tried (so a lock answers nothing about the password). A successful sign-in clears
 * the count. Kept per instance, in memory.
 */
final class LoginAttempts {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginAttempts(Clock clock) {
        this.clock = clock;
    }

    boolean locked(String username) {
        Deque<Instant> recent = failures.get(key(username));
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            forgetOld(recent);
            return recent.size() >= MAX_FAILURES;
        }
    }

    void failed(String username) {
        Deque<Instant> recent = failures.computeIfAbsent(key(username), name -> new ArrayDeque<>());
        synchronized (recent) {
            forgetOld(recent);
            recent.addLast(clock.instant());
        }
    }

    void succeeded(String username) {
        failures.remove(key(username));
    }

    @EventListener
    public void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        failed(String.valueOf(event.getAuthentication().getName()));
    }

    @EventListener
    public void onSuccess(AuthenticationSuccessEvent event) {
        succeeded(event.getAuthentication().getName());
    }

    private void forgetOld(Deque<Instant> recent) {
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.removeFirst();
        }
    }

    private static String key(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }
}
