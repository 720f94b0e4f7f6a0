package dev.pulsebridge.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Checks a token's signature once, not on every request: an EHR or a dashboard sends the same access
 * token hundreds of times, and verifying its ES256 signature each time was 7% of the server's CPU on single
 * writes (JFR). A token seen before and still unexpired is answered from memory; whether it was revoked
 * is asked on every request, as before, so revoking a token or removing its client or user takes effect at
 * once. A token that has expired, or any token not seen yet, goes through the full decoder.
 */
final class VerifiedTokens implements JwtDecoder {

    private static final int MAX_TOKENS = 10_000;
    private static final Duration KEEP = Duration.ofMinutes(10);

    private final JwtDecoder decoder;
    private final Predicate<String> revoked;
    private final Clock clock;
    private final Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(KEEP).build();

    /**
     * @param decoder the full check: signature, issuer and times, revocation
     * @param revoked whether a token was revoked since it was issued
     */
    VerifiedTokens(JwtDecoder decoder, Predicate<String> revoked, Clock clock) {
        this.decoder = decoder;
        this.revoked = revoked;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null && known.getExpiresAt() != null && clock.instant().isBefore(known.getExpiresAt())) {
            if (revoked.test(token)) {
                verified.invalidate(token);
                throw new JwtValidationException("The token was revoked",
                        List.of(new OAuth2Error("invalid_token", "The token was revoked", null)));
            }
            return known;
        }
        Jwt jwt = decoder.decode(token);
        verified.put(token, jwt);
        return jwt;
    }
}
