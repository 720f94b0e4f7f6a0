package dev.pulsebridge.server.withings.account;

import dev.pulsebridge.server.background.Backoff;
import dev.pulsebridge.server.withings.WithingsProperties;
import dev.pulsebridge.server.withings.WithingsUnavailableException;
import dev.pulsebridge.server.withings.oauth.IssuedTokens;
import dev.pulsebridge.server.withings.oauth.WithingsTokenClient;
import dev.pulsebridge.server.withings.oauth.WithingsTokenRejectedException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out working Withings access tokens and keeps them alive.
 *
 * <p>Withings rotates the refresh token on every refresh, and two refreshes racing with the same
 * token lose the connection (the Home Assistant re-login bug). So a refresh happens only while holding
 * the account's row lock ({@code SELECT ... FOR UPDATE}), which serialises refreshes across threads and
 * across server instances; whoever waited re-reads the row and reuses the token the winner stored
 * instead of refreshing again. The new access token and the rotated refresh token are written in the
 * same transaction. Should that transaction fail after Withings answered, the old refresh token still
 * works (Withings keeps it until the new access token is first used), so nothing is lost.
 */
@Service
public class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);
    private static final Duration MAX_REFRESH_MARGIN = Duration.ofMinutes(5);

    private final WithingsAccountRepository repository;
    private final TokenSeal seal;
    private final WithingsTokenClient tokenClient;
    private final TransactionTemplate transactions;
    private final AccountEvents events;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Retry refreshRetry;

    AccessTokens(WithingsAccountRepository repository, TokenSeal seal, WithingsTokenClient tokenClient,
            TransactionTemplate transactions, AccountEvents events, MeterRegistry meters, WithingsProperties properties, Clock clock) {
        this.repository = repository;
        this.seal = seal;
        this.tokenClient = tokenClient;
        this.transactions = transactions;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
        this.refreshRetry = Retry.of("withings-token-refresh", RetryConfig.custom()
                .maxAttempts(properties.refreshAttempts())
                .intervalFunction(new Backoff(properties.refreshBackoff(),
                        properties.refreshBackoff().multipliedBy(1L << properties.refreshAttempts())).intervals())
                .retryExceptions(WithingsUnavailableException.class)
                .build());
    }

    /**
     * An access token that is good for a while yet, refreshed first when it is close to expiry.
     *
     * @throws AccountNotConnectedException the account is disconnected or revoked
     * @throws WithingsUnavailableException a needed refresh failed transiently; the account stays connected
     */
    public String current(long accountId) {
        SealedTokens stored = repository.readTokens(accountId).orElseThrow(() -> notFound(accountId));
        requireUsable(stored);
        if (!nearExpiry(stored)) {
            return seal.openAccess(stored);
        }
        return refreshUnderLock(accountId, this::nearExpiry);
    }

    /**
     * Withings answered 401 to {@code rejectedToken}. Refreshes, unless another caller already replaced
     * that token, in which case the replacement is returned.
     */
    public String replaceRejected(long accountId, String rejectedToken) {
        return refreshUnderLock(accountId, stored -> seal.openAccess(stored).equals(rejectedToken));
    }

    private String refreshUnderLock(long accountId, Predicate<SealedTokens> stillNeeded) {
        Outcome outcome = transactions.execute(status -> {
            SealedTokens stored = repository.lockTokens(accountId).orElseThrow(() -> notFound(accountId));
            if (stored.status() != AccountStatus.CONNECTED || !stored.present()) {
                return new Outcome(null, stored, null, null);
            }
            if (!stillNeeded.test(stored)) {
                count("reused");
                return new Outcome(seal.openAccess(stored), stored, null, null);
            }
            Instant now = clock.instant();
            try {
                String refreshToken = seal.openRefresh(stored);
                IssuedTokens issued = refreshRetry.executeSupplier(() -> tokenClient.refresh(refreshToken));
                repository.storeRefreshedTokens(accountId, seal.sealAccess(stored.patientId(), issued.accessToken()),
                        seal.sealRefresh(stored.patientId(), issued.refreshToken()), issued.issuedAt(), issued.expiresAt());
                count("refreshed");
                log.info("Refreshed the Withings token of account {} (Patient/{}); valid until {}", accountId,
                        stored.patientId(), issued.expiresAt());
                return new Outcome(issued.accessToken(), stored, null, null);
            } catch (WithingsTokenRejectedException rejected) {
                String reason = "Withings refused the refresh token: " + rejected.getMessage()
                        + ". The patient must reconnect with a new $withings-connect link.";
                repository.markDisconnected(accountId, reason, now);
                events.publishAfterCommit(new WithingsAccountEvent.Disconnected(accountId, stored.patientId(),
                        stored.withingsUserId(), now, reason));
                count("rejected");
                log.warn("Account {} (Patient/{}) disconnected: {}", accountId, stored.patientId(), reason);
                return new Outcome(null, stored, reason, null);
            } catch (WithingsUnavailableException unavailable) {
                repository.recordError(accountId, "Token refresh failed, will retry later: " + unavailable.getMessage(), now);
                count("failed");
                return new Outcome(null, stored, null, unavailable);
            }
        });
        if (outcome.unavailable() != null) {
            throw outcome.unavailable();
        }
        if (outcome.accessToken() == null) {
            SealedTokens stored = outcome.stored();
            throw new AccountNotConnectedException(accountId,
                    outcome.disconnectReason() != null ? AccountStatus.DISCONNECTED : stored.status(),
                    outcome.disconnectReason());
        }
        return outcome.accessToken();
    }

    /** Refresh when less than a tenth of the token's life (at most five minutes) is left. */
    private boolean nearExpiry(SealedTokens stored) {
        Duration margin = MAX_REFRESH_MARGIN;
        if (stored.issuedAt() != null) {
            Duration tenth = Duration.between(stored.issuedAt(), stored.expiresAt()).dividedBy(10);
            margin = tenth.compareTo(margin) < 0 ? tenth : margin;
        }
        return stored.expiresAt() == null || !clock.instant().plus(margin).isBefore(stored.expiresAt());
    }

    private static void requireUsable(SealedTokens stored) {
        if (stored.status() != AccountStatus.CONNECTED || !stored.present()) {
            throw new AccountNotConnectedException(stored.accountId(), stored.status(), null);
        }
    }

    private static AccountNotConnectedException notFound(long accountId) {
        return new AccountNotConnectedException(accountId, null, "no such account");
    }

    private void count(String outcome) {
        meters.counter("pulsebridge.withings.token.refresh", "outcome", outcome).increment();
    }

    private record Outcome(String accessToken, SealedTokens stored, String disconnectReason,
            WithingsUnavailableException unavailable) {
    }
}
