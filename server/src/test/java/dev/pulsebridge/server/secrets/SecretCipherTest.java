package dev.pulsebridge.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private final SecretCipher cipher = new SecretCipher(key(7));

    @Test
    void sealedValueOpensToTheOriginal() {
        String sealed = cipher.seal("a1b2c3-access-token", "withings_account/p1/access_token");

        assertThat(cipher.open(sealed, "withings_account/p1/access_token")).isEqualTo("a1b2c3-access-token");
    }

    @Test
    void sealedValueDoesNotContainThePlaintextAndDiffersEachTime() {
        String first = cipher.seal("a1b2c3-access-token", "ctx");
        String second = cipher.seal("a1b2c3-access-token", "ctx");

        assertThat(first).startsWith("v1." + cipher.keyId() + ".").doesNotContain("a1b2c3");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void valueSealedForOneRecordDoesNotOpenForAnother() {
        String sealed = cipher.seal("token", "withings_account/p1/access_token");

        assertThatThrownBy(() -> cipher.open(sealed, "withings_account/p2/access_token"))
                .isInstanceOf(SecretCipher.SecretUnreadableException.class)
                .hasMessageContaining("altered or belongs to another record");
    }

    @Test
    void alteredCiphertextIsDetected() {
        String sealed = cipher.seal("token", "ctx");
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(sealed.lastIndexOf('.') + 1));
        raw[raw.length - 1] ^= 1;
        String tampered = sealed.substring(0, sealed.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        assertThatThrownBy(() -> cipher.open(tampered, "ctx")).isInstanceOf(SecretCipher.SecretUnreadableException.class);
    }

    @Test
    void valueSealedUnderAnotherKeyNamesBothKeys() {
        SecretCipher other = new SecretCipher(key(9));
        String sealed = other.seal("token", "ctx");

        assertThatThrownBy(() -> cipher.open(sealed, "ctx"))
                .hasMessageContaining(other.keyId()).hasMessageContaining(cipher.keyId())
                .hasMessageNotContaining("token\"");
    }

    @Test
    void keysOtherThan32BytesAreRefused() {
        assertThatThrownBy(() -> new SecretCipher(new byte[16])).hasMessageContaining("exactly 32 bytes, got 16");
    }
}
