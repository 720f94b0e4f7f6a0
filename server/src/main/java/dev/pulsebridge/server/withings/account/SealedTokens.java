package dev.pulsebridge.server.withings.account;

import java.time.Instant;

/** A token row as stored: sealed values, never plaintext. */
record SealedTokens(long accountId, String patientId, AccountStatus status, String withingsUserId,
        String accessToken, String refreshToken, Instant issuedAt, Instant expiresAt) {

    boolean present() {
        return accessToken != null && refreshToken != null;
    }

    @Override
    public String toString() {
        return "SealedTokens[accountId=" + accountId + ", status=" + status + ", expiresAt=" + expiresAt + "]";
    }
}
