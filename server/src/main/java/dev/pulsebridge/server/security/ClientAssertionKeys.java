package dev.pulsebridge.server.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

/**
 * Checks the signed assertion a backend service sends instead of a secret ({@code private_key_jwt}, as
 * SMART Backend Services asks): signed RS384 or ES384 with one of the client's registered keys (inline
 * JWK Set or fetched from its {@code jwks-uri}, cached), {@code iss} and {@code sub} both the client id,
 * {@code aud} the token endpoint, at most five minutes between now and {@code exp}, and a {@code jti} never
 * seen before from that client while the assertion could still be used. Seen ids are remembered in memory
 * until their assertion expires.
 */
final class ClientAssertionKeys implements JwtDecoderFactory<RegisteredClient> {

    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);

    private final Clock clock;
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();
    private final Map<String, Instant> seenIds = new ConcurrentHashMap<>();

    ClientAssertionKeys(Clock clock) {
        this.clock = clock;
    }

    /** Fails at start when an inline JWK Set is not one, or holds a private key. */
    static String checkedJwks(String name, String json) {
        try {
            JWKSet set = JWKSet.parse(json);
            if (set.getKeys().isEmpty() || set.getKeys().stream().anyMatch(key -> key.isPrivate())) {
                throw new IllegalStateException(name + "jwks must hold public keys only, at least one");
            }
            return json;
        } catch (ParseException e) {
            throw new IllegalStateException(name + "jwks is not a JWK Set: " + e.getMessage());
        }
    }

    /** The client's keys changed or it is gone: the next assertion is checked against what is registered then. */
    void forget(String clientId) {
        decoders.remove(clientId);
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        return decoders.computeIfAbsent(client.getClientId(), id -> decoder(client));
    }

    private JwtDecoder decoder(RegisteredClient client) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys(client)));
        // claims are checked below, where errors can say what is wrong
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(assertion -> validate(client.getClientId(), assertion));
        return decoder;
    }

    private static JWKSource<SecurityContext> keys(RegisteredClient client) {
        Object inline = client.getClientSettings().getSetting(OAuthClients.JWKS_SETTING);
        try {
            if (inline != null) {
                return new ImmutableJWKSet<>(JWKSet.parse(inline.toString()));
            }
            return JWKSourceBuilder.create(URI.create(client.getClientSettings().getJwkSetUrl()).toURL())
                    .cache(Duration.ofMinutes(5).toMillis(), Duration.ofSeconds(15).toMillis())
                    .build();
        } catch (ParseException | MalformedURLException e) {
            throw new IllegalStateException("Client " + client.getClientId() + ": unusable keys: " + e.getMessage(), e);
        }
    }

    private OAuth2TokenValidatorResult validate(String clientId, Jwt assertion) {
        Instant now = clock.instant();
        if (!clientId.equals(assertion.getClaimAsString("iss")) || !clientId.equals(assertion.getSubject())) {
            return invalid("iss and sub must both be the client id");
        }
        List<String> audience = assertion.getAudience() == null ? List.of() : assertion.getAudience();
        if (!audience.stream().anyMatch(ClientAssertionKeys::isTokenEndpoint)) {
            return invalid("aud must be the token endpoint");
        }
        Instant expires = assertion.getExpiresAt();
        if (expires == null || !expires.isAfter(now.minusSeconds(30))) {
            return invalid("the assertion has expired (exp)");
        }
        if (expires.isAfter(now.plus(MAX_LIFETIME).plusSeconds(30))) {
            return invalid("exp must be at most five minutes away");
        }
        String jti = assertion.getId();
        if (jti == null || jti.isBlank()) {
            return invalid("jti is required");
        }
        seenIds.values().removeIf(expiry -> expiry.isBefore(now.minus(Duration.ofMinutes(1))));
        if (seenIds.putIfAbsent(clientId + " " + jti, expires) != null) {
            return invalid("this assertion (jti) was used before");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static boolean isTokenEndpoint(String audience) {
        AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
        if (context == null) {
            return false;
        }
        String issuer = context.getIssuer();
        return audience.equals(issuer + context.getAuthorizationServerSettings().getTokenEndpoint());
    }

    private static OAuth2TokenValidatorResult invalid(String reason) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", "Client assertion refused: " + reason, null));
    }
}
