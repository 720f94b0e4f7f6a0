package dev.pulsebridge.server.sync.queue;

import java.time.Instant;

/**
 * A claimed or stored piece of sync work. {@code windowStart}/{@code windowEnd} are epoch seconds
 * (inclusive) for kinds that read a time window, null otherwise.
 */
public record SyncJob(long id, long accountId, JobKind kind, DataKind dataKind, Long windowStart, Long windowEnd,
        String state, int attempts, Instant nextRunAt, String lastError) {
}
