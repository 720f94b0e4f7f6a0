package dev.pulsebridge.server.withings.account;

import java.time.Instant;

/**
 * Published after the change is committed. This is the seam where the rest of Pulsebridge reacts to a
 * link changing: the sync engine subscribes webhooks and starts the backfill on {@link Connected}, and
 * stops work on {@link Disconnected} and {@link Revoked}.
 */
public sealed interface WithingsAccountEvent {

    long accountId();

    String patientId();

    String withingsUserId();

    Instant at();

    /** A link or relink succeeded; {@code relinked} is true when the patient had been linked before. */
    record Connected(long accountId, String patientId, String withingsUserId, Instant at, boolean relinked)
            implements WithingsAccountEvent {
    }

    record Disconnected(long accountId, String patientId, String withingsUserId, Instant at, String reason)
            implements WithingsAccountEvent {
    }

    record Revoked(long accountId, String patientId, String withingsUserId, Instant at, String reason)
            implements WithingsAccountEvent {
    }
}
