package dev.pulsebridge.server.withings.oauth;

import java.time.Instant;
import java.util.List;

/** Tokens Withings just issued. No readable toString: tokens must never reach a log. */
public record IssuedTokens(String withingsUserId, String accessToken, String refreshToken, List<String> scopes,
        Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedTokens[withingsUserId=" + withingsUserId + ", scopes=" + scopes + ", expiresAt=" + expiresAt + "]";
    }
}
