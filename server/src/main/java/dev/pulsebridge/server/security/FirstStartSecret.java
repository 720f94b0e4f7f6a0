package dev.pulsebridge.server.security;

import dev.pulsebridge.server.settings.ServerSettingStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A credential made on the very first start (the bootstrap admin's password, the bootstrap client's
 * secret): random, shown once through {@code announce}, and kept only as a hash, so a fresh install is
 * usable and nothing readable is stored.
 */
final class FirstStartSecret {

    private FirstStartSecret() {
    }

    /** @return the stored hash; {@code announce} is called with the plain value only when it was just made */
    static String hash(ServerSettingStore settings, String setting, PasswordEncoder passwords, Consumer<String> announce) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String plain = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = passwords.encode(plain);
        String stored = settings.getOrCreate(setting, () -> hash);
        if (stored.equals(hash)) {
            announce.accept(plain);
        }
        return stored;
    }
}
