package dev.pulsebridge.simulator.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Counters the admin API reports: calls per action, notifications sent and failed, 601s given. */
@Component
public class Stats {

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong notificationsSent = new AtomicLong();
    private final AtomicLong notificationsFailed = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    public void call(String action) {
        calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
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
        return Map.of("calls", perAction, "total_calls", perAction.values().stream().mapToLong(Long::longValue).sum(),
                "notifications_sent", notificationsSent.get(), "notifications_failed", notificationsFailed.get(),
                "rate_limited", rateLimited.get());
    }

    public void reset() {
        calls.clear();
        notificationsSent.set(0);
        notificationsFailed.set(0);
        rateLimited.set(0);
    }
}
