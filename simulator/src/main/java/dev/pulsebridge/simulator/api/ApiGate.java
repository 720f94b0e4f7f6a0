package dev.pulsebridge.simulator.api;

import dev.pulsebridge.simulator.SimulatorProperties;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Every Withings API call passes here first: it is counted, and refused with status 601 (and
 * {@code wait_seconds}) when the application is over its per-minute budget or repeats the very same
 * call within 10 seconds, as Withings does.
 */
@Component
public class ApiGate {

    private static final long WINDOW_MILLIS = 60_000;
    private static final long REPEAT_MILLIS = 10_000;
    /** How the admin API's {@code rate_limited_by} names the two reasons (a repeat also names its action). */
    static final String OVER_BUDGET = "over_budget";
    static final String REPEATED = "repeated";

    private final SimulatorProperties properties;
    private final Stats stats;
    private final Faults faults;
    private final Clock clock;
    private final Deque<Long> recentCalls = new ArrayDeque<>();
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private volatile int limitPerMinute;

    public ApiGate(SimulatorProperties properties, Stats stats, Faults faults) {
        this.properties = properties;
        this.stats = stats;
        this.faults = faults;
        this.clock = Clock.systemUTC();
        this.limitPerMinute = properties.rateLimitPerMinute();
    }

    public int limitPerMinute() {
        return limitPerMinute;
    }

    /** The application's budget from now on, as when Withings grants a partner a different one. */
    public void limitPerMinute(int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("rate_limit_per_minute must be at least 1");
        }
        limitPerMinute = calls;
    }

    public void enter(String action, Map<String, String> params, String credential) {
        stats.call(action);
        long now = clock.millis();
        synchronized (recentCalls) {
            while (!recentCalls.isEmpty() && recentCalls.peekFirst() <= now - WINDOW_MILLIS) {
                recentCalls.pollFirst();
            }
            if (recentCalls.size() >= limitPerMinute) {
                long waitMillis = recentCalls.peekFirst() + WINDOW_MILLIS - now;
                throw tooMany(OVER_BUDGET, "Too many requests", waitMillis);
            }
            String signature = action + "|" + credential + "|" + new TreeMap<>(params);
            Long previous = lastSeen.put(signature, now);
            if (previous != null && now - previous < REPEAT_MILLIS && !"requesttoken".equals(action)) {
                throw tooMany(REPEATED + " " + action, "The same request was sent within 10 seconds",
                        previous + REPEAT_MILLIS - now);
            }
            recentCalls.addLast(now);
        }
        faults.apply(action);
    }

    private WithingsError tooMany(String reason, String message, long waitMillis) {
        stats.rateLimited(reason);
        long waitSeconds = Math.max(1, (waitMillis + 999) / 1000);
        return new WithingsError(601, message, Map.of("wait_seconds", waitSeconds));
    }

    public void reset() {
        synchronized (recentCalls) {
            recentCalls.clear();
            lastSeen.clear();
            limitPerMinute = properties.rateLimitPerMinute();
        }
    }
}
