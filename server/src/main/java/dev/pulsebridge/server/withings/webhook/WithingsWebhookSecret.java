package dev.pulsebridge.server.withings.webhook;

import dev.pulsebridge.server.settings.ServerSettingStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The secret path segment of our webhook URL. Withings does not sign notifications, so knowing the URL
 * is what lets a caller in. Taken from {@code pulsebridge.withings.webhook-secret}, or generated once
 * and kept in the database, so subscriptions registered at Withings stay valid across restarts.
 */
@Component
public class WithingsWebhookSecret {

    static final String SETTING = "withings.webhook-secret";

    private final byte[] secret;

    WithingsWebhookSecret(@Value("${pulsebridge.withings.webhook-secret:}") String configured, ServerSettingStore settings) {
        String value = configured.isBlank() ? settings.getOrCreate(SETTING, WithingsWebhookSecret::generate) : configured.trim();
        this.secret = value.getBytes(StandardCharsets.UTF_8);
    }

    public String value() {
        return new String(secret, StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so response timing does not reveal the secret. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(secret, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private static String generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
