package dev.pulsebridge.server.sync;

import java.time.Instant;

/**
 * The sync engine's view of one linked account.
 *
 * @param webhookMode      {@code pending} (not yet subscribed), {@code subscribed} or {@code polling}
 * @param subscribedApplis the notification categories Withings confirmed, comma separated
 * @param backfillFrom     the epoch second the current backfill reaches back to
 */
record SyncAccountState(long accountId, String webhookMode, String webhookDetail, String subscribedApplis,
        Instant webhookCheckedAt, Instant nextPollAt, Instant nextReconcileAt, Instant heightProbedAt,
        Instant lastManualSyncAt, Long backfillFrom, Instant backfillStartedAt) {

    static final String PENDING = "pending";
    static final String SUBSCRIBED = "subscribed";
    static final String POLLING = "polling";
}
