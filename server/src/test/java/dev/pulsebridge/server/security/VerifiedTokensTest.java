package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pulsebridge.server.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class VerifiedTokensTest {

    private final ECKey key = newKey();
    private final AtomicInteger fullChecks = new AtomicInteger();
    private final AtomicBoolean revoked = new AtomicBoolean();
    private final SettableClock clock = new SettableClock(Instant.now());
    private final VerifiedTokens tokens = new VerifiedTokens(counting(decoderFor(key)), token -> revoked.get(), clock);

    @Test
    void aTokenSeenBeforeIsNotVerifiedAgain() throws Exception {
        String token = sign(key, Instant.now().plus(Duration.ofMinutes(5)));

        String first = tokens.decode(token).getSubject();
        String second = tokens.decode(token).getSubject();

        assertThat(first).isEqualTo("ehr-client");
        assertThat(second).isEqualTo("ehr-client");
        assertThat(fullChecks).hasValue(1);
    }

    @Test
    void aRevokedTokenIsRefusedEvenThoughItsSignatureWasVerifiedBefore() throws Exception {
        String token = sign(key, Instant.now().plus(Duration.ofMinutes(5)));
        tokens.decode(token);
        revoked.set(true);

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("revoked");
    }

    @Test
    void aTokenPastItsExpiryIsNeverAnsweredFromMemory() throws Exception {
        String token = sign(key, Instant.now().plus(Duration.ofMinutes(5)));
        tokens.decode(token);

        clock.advance(Duration.ofMinutes(6));
        tokens.decode(token);

        assertThat(fullChecks).as("checked in full again once expired by our clock").hasValue(2);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedEveryTime() throws Exception {
        String forged = sign(newKey(), Instant.now().plus(Duration.ofMinutes(5)));

        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(fullChecks).hasValue(2);
    }

    private JwtDecoder counting(JwtDecoder decoder) {
        return token -> {
            fullChecks.incrementAndGet();
            return decoder.decode(token);
        };
    }

    /** As the server checks its own tokens: ES256 against the public half of the key, times validated. */
    private static JwtDecoder decoderFor(ECKey key) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        return new NimbusJwtDecoder(processor);
    }

    private static String sign(ECKey key, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), new JWTClaimsSet.Builder().subject("ehr-client")
                .issueTime(new Date()).expirationTime(Date.from(expires)).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
