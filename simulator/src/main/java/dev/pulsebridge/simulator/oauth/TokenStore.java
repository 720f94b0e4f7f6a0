package dev.pulsebridge.simulator.oauth;

import dev.pulsebridge.simulator.SimulatorProperties;
import dev.pulsebridge.simulator.api.WithingsError;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Authorization codes, access tokens and refresh tokens with Withings' rules: codes live 30 s and
 * work once; access tokens expire; every refresh hands out a new refresh token, and the old one keeps
 * working until the new access token is first used (or for 8 hours), so a client that lost the
 * response of a refresh can retry it.
 */
@Component
public class TokenStore {

    static final Duration CODE_LIFETIME = Duration.ofSeconds(30);
    static final Duration OLD_REFRESH_GRACE = Duration.ofHours(8);

    record Code(long userId, String redirectUri, String scope, Instant expires) {
    }

    public record AccessToken(long userId, String scope, Instant expires) {
    }

    /** {@code successors}: access tokens issued from this refresh token; using any of them retires it. */
    record RefreshToken(long userId, String scope, Set<String> successors, Instant supersededAt) {
    }

    public record Issued(long userId, String accessToken, String refreshToken, String scope, long expiresIn) {
    }

    private final SimulatorProperties properties;
    /** Adjustable at run time (admin API) so tests can watch tokens expire without waiting hours. */
    private final AtomicLong lifetimeSeconds;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();

    public TokenStore(SimulatorProperties properties) {
        this.properties = properties;
        this.lifetimeSeconds = new AtomicLong(properties.tokenLifetimeSeconds());
    }

    public long lifetimeSeconds() {
        return lifetimeSeconds.get();
    }

    public void setLifetimeSeconds(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("token lifetime must be at least 1 second");
        }
        lifetimeSeconds.set(seconds);
    }

    /** Makes the user's current access tokens expire now, as if hours had passed. */
    public void expireAccessTokens(long userId) {
        Instant past = Instant.now().minusSeconds(1);
        accessTokens.replaceAll((token, stored) ->
                stored.userId() == userId ? new AccessToken(userId, stored.scope(), past) : stored);
    }

    public String newCode(long userId, String redirectUri, String scope) {
        String code = token();
        codes.put(code, new Code(userId, redirectUri, scope, Instant.now().plus(CODE_LIFETIME)));
        return code;
    }

    public synchronized Issued exchangeCode(String code, String redirectUri) {
        Code stored = code == null ? null : codes.remove(code);
        if (stored == null || stored.expires().isBefore(Instant.now())) {
            throw new WithingsError(503, "Invalid Params: invalid code");
        }
        if (stored.redirectUri() != null && redirectUri != null && !stored.redirectUri().equals(redirectUri)) {
            throw new WithingsError(503, "Invalid Params: redirect_uri mismatch");
        }
        return issue(stored.userId(), stored.scope());
    }

    /** Whose refresh token this is, valid or not. */
    public synchronized Optional<Long> ownerOfRefreshToken(String refreshToken) {
        RefreshToken stored = refreshToken == null ? null : refreshTokens.get(refreshToken);
        return stored == null ? Optional.empty() : Optional.of(stored.userId());
    }

    public synchronized Issued refresh(String refreshToken) {
        RefreshToken stored = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (stored == null || !usable(stored)) {
            throw new WithingsError(503, "Invalid Params: invalid refresh_token");
        }
        Issued issued = issue(stored.userId(), stored.scope());
        Set<String> successors = new HashSet<>(stored.successors());
        successors.add(issued.accessToken());
        refreshTokens.put(refreshToken, new RefreshToken(stored.userId(), stored.scope(), Set.copyOf(successors),
                stored.supersededAt() != null ? stored.supersededAt() : Instant.now()));
        return issued;
    }

    /** The user an access token belongs to; using a token retires the refresh token that produced it. */
    public AccessToken authenticate(String accessToken) {
        AccessToken stored = accessToken == null ? null : accessTokens.get(accessToken);
        if (stored == null || stored.expires().isBefore(Instant.now())) {
            throw new WithingsError(401, "XRequestID: Not provided invalid_token: The access token provided is invalid");
        }
        refreshTokens.values().removeIf(refresh -> refresh.successors().contains(accessToken));
        return stored;
    }

    public synchronized void revokeUser(long userId) {
        accessTokens.values().removeIf(t -> t.userId() == userId);
        refreshTokens.values().removeIf(t -> t.userId() == userId);
        codes.values().removeIf(c -> c.userId() == userId);
    }

    public Map<String, List<String>> validTokens(long userId) {
        Instant now = Instant.now();
        return Map.of(
                "access_tokens", accessTokens.entrySet().stream()
                        .filter(e -> e.getValue().userId() == userId && e.getValue().expires().isAfter(now))
                        .map(Map.Entry::getKey).toList(),
                "refresh_tokens", refreshTokens.entrySet().stream()
                        .filter(e -> e.getValue().userId() == userId && usable(e.getValue()))
                        .map(Map.Entry::getKey).toList());
    }

    public void reset() {
        lifetimeSeconds.set(properties.tokenLifetimeSeconds());
        codes.clear();
        accessTokens.clear();
        refreshTokens.clear();
    }

    private boolean usable(RefreshToken token) {
        return token.supersededAt() == null || token.supersededAt().plus(OLD_REFRESH_GRACE).isAfter(Instant.now());
    }

    private Issued issue(long userId, String scope) {
        String access = token();
        String refresh = token();
        long lifetime = lifetimeSeconds.get();
        accessTokens.put(access, new AccessToken(userId, scope, Instant.now().plusSeconds(lifetime)));
        refreshTokens.put(refresh, new RefreshToken(userId, scope, Set.of(), null));
        return new Issued(userId, access, refresh, scope, lifetime);
    }

    private String token() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
