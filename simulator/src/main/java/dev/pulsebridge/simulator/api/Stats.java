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
    /** 601s by why they were given: over the per-minute budget, or the same request again within 10 s. */
    private final Map<String, AtomicLong> rateLimitedBy = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, AtomicLong>> callsByUser = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, AtomicLong>> grantsByUser = new ConcurrentHashMap<>();
    /** Keyed by service and action ("heart list", "notify list"): an action name alone is ambiguous. */
    private final Map<Long, Map<String, AtomicLong>> serviceCallsByUser = new ConcurrentHashMap<>();

    public void call(String action) {
        calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    /** A data call that got past the gate with the user's valid token. */
    public void userCall(long userId, String action) {
        count(callsByUser, userId, action);
    }

    /** A data call of a service ({@code measure}, {@code v2/heart}, {@code notify}...), counted as above too. */
    public void userCall(long userId, String service, String action) {
        userCall(userId, action);
        count(serviceCallsByUser, userId, service + " " + action);
    }

    /** Successful requesttoken calls by grant type, so tests can count refreshes exactly. */
    public void tokenGranted(String grantType, long userId) {
        tokenGrants.computeIfAbsent(grantType, g -> new AtomicLong()).incrementAndGet();
        count(grantsByUser, userId, grantType);
    }

    private static void count(Map<Long, Map<String, AtomicLong>> byUser, long userId, String key) {
        byUser.computeIfAbsent(userId, u -> new ConcurrentHashMap<>()).computeIfAbsent(key, k -> new AtomicLong())
                .incrementAndGet();
    }

    /** One user's calls and token grants: what tests about one account count, undisturbed by other accounts. */
    public Map<String, Object> forUser(long userId) {
        Map<String, Long> perAction = copy(callsByUser.getOrDefault(userId, Map.of()));
        return Map.of("calls", perAction, "token_grants", copy(grantsByUser.getOrDefault(userId, Map.of())),
                "total_calls", perAction.values().stream().mapToLong(Long::longValue).sum(),
                "calls_by_service", copy(serviceCallsByUser.getOrDefault(userId, Map.of())));
    }

    private static Map<String, Long> copy(Map<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    public void notificationSent() {
        notificationsSent.incrementAndGet();
    }

    public void notificationFailed() {
        notificationsFailed.incrementAndGet();
    }

    public void rateLimited(String reason) {
        rateLimited.incrementAndGet();
        rateLimitedBy.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public Map<String, Object> snapshot() {
        Map<String, Long> perAction = new TreeMap<>();
        calls.forEach((action, count) -> perAction.put(action, count.get()));
        Map<String, Long> grants = new TreeMap<>();
        tokenGrants.forEach((grant, count) -> grants.put(grant, count.get()));
        return Map.of("calls", perAction, "token_grants", grants, "total_calls", perAction.values().stream().mapToLong(Long::longValue).sum(),
                "notifications_sent", notificationsSent.get(), "notifications_failed", notificationsFailed.get(),
                "rate_limited", rateLimited.get(), "rate_limited_by", copy(rateLimitedBy));
    }

    public void reset() {
        calls.clear();
        callsByUser.clear();
        serviceCallsByUser.clear();
        grantsByUser.clear();
        tokenGrants.clear();
        notificationsSent.set(0);
        notificationsFailed.set(0);
        rateLimited.set(0);
        rateLimitedBy.clear();
    }
}
