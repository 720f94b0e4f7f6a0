package dev.pulsebridge.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeySourceTest {

    @TempDir
    Path directory;

    @Test
    void configuredKeyIsUsedWhateverTheDatabase() {
        byte[] key = new byte[32];
        key[0] = 42;
        String base64 = Base64.getEncoder().encodeToString(key);

        assertThat(SecretKeySource.resolve(new SecretsProperties(base64, directory.resolve("k")), false))
                .isEqualTo(key);
    }

    @Test
    void ownPostgresqlWithoutAKeyRefusesToStartAndSaysHowToMakeOne() {
        assertThatThrownBy(() -> SecretKeySource.resolve(new SecretsProperties("", directory.resolve("k")), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pulsebridge.secrets.key is not set")
                .hasMessageContaining("openssl rand -base64 32");
        assertThat(directory.resolve("k")).doesNotExist();
    }

    @Test
    void embeddedDatabaseGeneratesADevelopmentKeyOnceAndReusesIt() {
        Path file = directory.resolve("data/secrets.key");

        byte[] first = SecretKeySource.resolve(new SecretsProperties(null, file), true);
        byte[] second = SecretKeySource.resolve(new SecretsProperties(null, file), true);

        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(file).exists();
    }

    @Test
    void keyOfTheWrongLengthIsRefusedWithItsLength() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString(new byte[20]);

        assertThatThrownBy(() -> SecretKeySource.resolve(new SecretsProperties(shortKey, null), true))
                .hasMessageContaining("must decode to 32 bytes, got 20");
        Files.writeString(directory.resolve("bad"), "not base64 !!");
        assertThatThrownBy(() -> SecretKeySource.resolve(new SecretsProperties(null, directory.resolve("bad")),
                true)).hasMessageContaining("is not base64");
    }
}
