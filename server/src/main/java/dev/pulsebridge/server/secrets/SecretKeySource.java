package dev.pulsebridge.server.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which key seals secrets. A configured key always wins. Without one, the embedded database
 * default generates a development key once and keeps it beside its data (so tokens survive restarts);
 * a PostgreSQL of your own, which means a real deployment, refuses to start rather than invent a key
 * nobody backs up.
 */
public final class SecretKeySource {

    private static final Logger log = LoggerFactory.getLogger(SecretKeySource.class);

    private SecretKeySource() {
    }

    /** @param embeddedDatabase whether the server runs on the embedded PostgreSQL it started itself */
    public static byte[] resolve(SecretsProperties properties, boolean embeddedDatabase) {
        if (properties.key() != null && !properties.key().isBlank()) {
            return decode(properties.key().trim(), "pulsebridge.secrets.key");
        }
        if (!embeddedDatabase) {
            throw new IllegalStateException("""
                    pulsebridge.secrets.key is not set. On a PostgreSQL of your own Pulsebridge stores OAuth tokens encrypted \
                    under this key and will not start without it. Generate one with `openssl rand -base64 32` and \
                    pass it as PULSEBRIDGE_SECRETS_KEY (keep a copy: tokens sealed under a lost key cannot be read).""");
        }
        return devKey(properties.devKeyFile());
    }

    private static byte[] devKey(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
            }
            byte[] key = new byte[SecretCipher.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try {
                Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII,
                        java.nio.file.StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException raced) {
                return devKey(file);
            }
            restrictToOwner(file);
            log.warn("Generated a development secrets key in {}. Set pulsebridge.secrets.key for any real deployment.",
                    file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the development secrets key " + file, e);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("Could not restrict permissions of {}", file);
        }
    }

    private static byte[] decode(String base64, String origin) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(origin + " is not base64; generate a key with `openssl rand -base64 32`");
        }
        if (key.length != SecretCipher.KEY_BYTES) {
            throw new IllegalStateException(origin + " must decode to " + SecretCipher.KEY_BYTES + " bytes, got "
                    + key.length + "; generate a key with `openssl rand -base64 32`");
        }
        return key;
    }
}
