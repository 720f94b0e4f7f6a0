package dev.pulsebridge.server.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals short secrets (OAuth tokens) with AES-256-GCM for storage. The sealed form is
 * {@code v1.<key id>.<base64url(nonce || ciphertext || tag)>}: the key id says which key sealed a value,
 * so a wrong or rotated key fails with a clear message instead of a bare tag mismatch. The caller's
 * {@code context} (table, row and column) is authenticated too, so a sealed value copied into another
 * row or column does not open.
 */
public final class SecretCipher {

    public static final int KEY_BYTES = 32;
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(byte[] keyBytes) {
        if (keyBytes == null || keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("An AES-256 key has exactly " + KEY_BYTES + " bytes, got "
                    + (keyBytes == null ? 0 : keyBytes.length));
        }
        this.key = new SecretKeySpec(keyBytes.clone(), "AES");
        this.keyId = keyId(keyBytes);
    }

    /** A short, non-secret fingerprint of the key (the first 4 bytes of its SHA-256). */
    public String keyId() {
        return keyId;
    }

    public String seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + "." + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    public String open(String sealedValue, String context) {
        String[] parts = sealedValue == null ? new String[0] : sealedValue.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new SecretUnreadableException("not a sealed secret");
        }
        if (!keyId.equals(parts[1])) {
            throw new SecretUnreadableException("sealed under key " + parts[1] + " but the configured key is "
                    + keyId + " (was pulsebridge.secrets.key changed?)");
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadableException("sealed secret is not base64url");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadableException("sealed secret is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretUnreadableException("sealed secret was altered or belongs to another record");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static String keyId(byte[] keyBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBytes);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored secret that this key cannot open. The message never contains the secret. */
    public static final class SecretUnreadableException extends RuntimeException {
        public SecretUnreadableException(String message) {
            super(message);
        }
    }
}
