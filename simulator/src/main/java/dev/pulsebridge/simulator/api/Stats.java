package dev.pulsebridge.simulator.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Counters the admin API reports: calls per action, token grants, notifications sent and failed, 601s given. */
@Component
public class Stats {

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> tokenGrants = new ConcurrentHashMap<>();
    private final AtomicLong notificationsSent = new AtomicLong();
    private final AtomicLong notificationsFailed = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    public void call(String action) {
        calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    /** Successful requesttoken calls by grant type, so tests can count refreshes exactly. */
    public void tokenGranted(String grantType) {
        tokenGrants.computeIfAbsent(grantType, g -> new AtomicLong()).incrementAndGet();
    }

    public void notificationSent() {
        notificationsSent.incrementAndGet();
    }

    public void notificationFailed() {
        notificationsFailed.incrementAndGet();
    }

    public void rateLimited() {
        rateLimited.incrementAndGet();
    }

    public Map<String, Object> snapshot() {
        Map<String, Long> perAction = new TreeMap<>();
        calls.forEach((action, count) -> perAction.put(action, count.get()));
        Map<String, Long> grants = new TreeMap<>();
        tokenGrants.forEach((grant, count) -> grants.put(grant, count.get()));
        return Map.of("calls", perAction, "token_grants", grants, "total_calls", perAction.values().stream().mapToLong(Long::longValue).sum(),
                "notifications_sent", notificationsSent.get(), "notifications_failed", notificationsFailed.get(),
                "rate_limited", rateLimited.get());
    }

    public void reset() {
        calls.clear();
        tokenGrants.clear();
        notificationsSent.set(0);
        notificationsFailed.set(0);
        rateLimited.set(0);
    }
}
