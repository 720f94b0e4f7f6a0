package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.time.Instant;

/**
 * A claimed or stored piece of sync work. {@code windowStart}/{@code windowEnd} are epoch seconds
 * (inclusive) for kinds that read a time window, null otherwise.
 */
record SyncJob(long id, long accountId, JobKind kind, DataKind dataKind, Long windowStart, Long windowEnd,
        String state, int attempts, Instant nextRunAt, String lastError) {
}
