package dev.pulsebridge.server.sync.plan;

import java.time.Instant;

/**
 * The sync engine's view of one linked account.
 *
 * @param webhookMode      {@code pending} (not yet subscribed), {@code subscribed} or {@code polling}
 * @param subscribedApplis the notification categories Withings confirmed, comma separated
 * @param backfillFrom     the epoch second the current backfill reaches back to
 */
public record SyncAccountState(long accountId, String webhookMode, String webhookDetail, String subscribedApplis,
        Instant webhookCheckedAt, Instant nextPollAt, Instant nextReconcileAt, Instant heightProbedAt,
        Instant lastManualSyncAt, Long backfillFrom, Instant backfillStartedAt) {

    public static final String PENDING = "pending";
    public static final String SUBSCRIBED = "subscribed";
    public static final String POLLING = "polling";
}
