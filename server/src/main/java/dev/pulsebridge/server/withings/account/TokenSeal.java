package dev.pulsebridge.server.withings.account;

import dev.pulsebridge.server.secrets.SecretCipher;
import org.springframework.stereotype.Component;

/**
 * Seals and opens the two token columns. The patient id and column name are bound into each value, so
 * a token copied to another row or column does not open.
 */
@Component
class TokenSeal {

    private final SecretCipher cipher;

    TokenSeal(SecretCipher cipher) {
        this.cipher = cipher;
    }

    String sealAccess(String patientId, String token) {
        return cipher.seal(token, context(patientId, "access_token"));
    }

    String sealRefresh(String patientId, String token) {
        return cipher.seal(token, context(patientId, "refresh_token"));
    }

    String openAccess(SealedTokens tokens) {
        return cipher.open(tokens.accessToken(), context(tokens.patientId(), "access_token"));
    }

    String openRefresh(SealedTokens tokens) {
        return cipher.open(tokens.refreshToken(), context(tokens.patientId(), "refresh_token"));
    }

    private static String context(String patientId, String column) {
        return "withings_account/" + patientId + "/" + column;
    }
}
