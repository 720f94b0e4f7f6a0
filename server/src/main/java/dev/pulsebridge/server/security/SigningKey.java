package dev.pulsebridge.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pulsebridge.server.secrets.SecretCipher;
import dev.pulsebridge.server.settings.ServerSettingStore;
import java.text.ParseException;
import java.util.UUID;

/**
 * The key the server signs its tokens with: an EC P-256 key made on first start and kept in the database,
 * sealed under the secrets key, so tokens stay valid across restarts and every instance signs and checks
 * with the same key.
 */
final class SigningKey {

    private static final String SETTING = "oauth.signing-key";
    private static final String CONTEXT = "oauth-signing-key";

    private SigningKey() {
    }

    static JWKSource<SecurityContext> load(ServerSettingStore settings, SecretCipher cipher) {
        String sealed = settings.getOrCreate(SETTING, () -> cipher.seal(generate().toJSONString(), CONTEXT));
        try {
            return new ImmutableJWKSet<>(new JWKSet(ECKey.parse(cipher.open(sealed, CONTEXT))));
        } catch (ParseException e) {
            throw new IllegalStateException("The stored token signing key is not a JWK", e);
        }
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", e);
        }
    }
}
