package dev.pulsebridge.server.withings.account;

import java.time.Instant;
import java.util.List;

/**
 * A patient's Withings link as status reports show it. Tokens are deliberately absent: only
 * {@link AccessTokens} reads them.
 */
public record WithingsAccount(
        long id,
        String patientId,
        AccountStatus status,
        String statusReason,
        Instant statusChangedAt,
        String withingsUserId,
        List<String> scopes,
        Instant linkedAt,
        Instant tokenExpiresAt,
        Instant lastSyncAt,
        String lastError,
        Instant lastErrorAt) {

    public boolean connected() {
        return status == AccountStatus.CONNECTED;
    }
}
