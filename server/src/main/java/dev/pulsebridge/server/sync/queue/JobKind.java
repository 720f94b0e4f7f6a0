package dev.pulsebridge.server.sync.queue;

import java.util.Locale;

/**
 * What a job does. The priority puts fresh data first: work a webhook asked for never waits behind
 * history being backfilled. Kinds that coalesce merge with a pending job for the same account and data.
 */
public enum JobKind {
    WEBHOOK(0, true),
    SUBSCRIBE(1, false),
    INCREMENTAL(2, true),
    RECONCILE(3, true),
    BACKFILL(5, false);

    private final int priority;
    private final boolean coalesces;

    JobKind(int priority, boolean coalesces) {
        this.priority = priority;
        this.coalesces = coalesces;
    }

    public int priority() {
        return priority;
    }

    public boolean coalesces() {
        return coalesces;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobKind fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
