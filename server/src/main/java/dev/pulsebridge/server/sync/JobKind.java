package dev.pulsebridge.server.sync;

import java.util.Locale;

/**
 * What a job does. The priority puts fresh data first: work a webhook asked for never waits behind
 * history being backfilled. Kinds that coalesce merge with a pending job for the same account and data.
 */
enum JobKind {
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

    int priority() {
        return priority;
    }

    boolean coalesces() {
        return coalesces;
    }

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobKind fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
