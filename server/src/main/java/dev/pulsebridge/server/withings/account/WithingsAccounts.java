package dev.pulsebridge.server.withings.account;

import dev.pulsebridge.server.withings.oauth.IssuedTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Links, relinks, disconnects and revokes patients' Withings accounts. */
@Service
public class WithingsAccounts {

    private static final Logger log = LoggerFactory.getLogger(WithingsAccounts.class);

    private final WithingsAccountRepository repository;
    private final TokenSeal seal;
    private final TransactionTemplate transactions;
    private final AccountEvents events;
    private final Clock clock;

    WithingsAccounts(WithingsAccountRepository repository, TokenSeal seal, TransactionTemplate transactions,
            AccountEvents events, Clock clock) {
        this.clock = clock;
        this.repository = repository;
        this.seal = seal;
        this.transactions = transactions;
        this.events = events;
    }

    public Optional<WithingsAccount> forPatient(String patientId) {
        return repository.findByPatient(patientId);
    }

    /** Every link ever made, in any state (a few per patient at most). */
    public List<WithingsAccount> all() {
        return repository.findAll();
    }

    /**
     * The ids of every connected account, as an array for SQL's {@code = any(?)}: work for other accounts
     * waits (a disconnected grant would only fail).
     */
    public Long[] connectedIds() {
        return repository.connectedIds();
    }

    public Optional<WithingsAccount> byId(long accountId) {
        return repository.findById(accountId);
    }

    /** A sync pass read Withings successfully; what status shows as the last successful sync. */
    public void markSynced(long accountId, Instant at) {
        repository.markSynced(accountId, at);
    }

    /** The connected or disconnected account of a Withings user (what a webhook's {@code userid} names). */
    public Optional<WithingsAccount> forWithingsUser(String withingsUserId) {
        return repository.findByActiveWithingsUser(withingsUserId);
    }

    /**
     * Links the patient to the Withings user the tokens belong to, or relinks it (new tokens, back to
     * connected). Joins the caller's transaction when there is one.
     *
     * @return true when the patient had been linked before (a relink)
     * @throws AlreadyLinkedException the Withings user is linked to another patient
     */
    public boolean link(String patientId, IssuedTokens tokens) {
        Instant now = clock.instant();
        try {
            return Boolean.TRUE.equals(transactions.execute(status -> {
                repository.lockByActiveWithingsUser(tokens.withingsUserId())
                        .filter(other -> !other.patientId().equals(patientId))
                        .ifPresent(other -> {
                            throw new AlreadyLinkedException(tokens.withingsUserId(), other.patientId());
                        });
                String access = seal.sealAccess(patientId, tokens.accessToken());
                String refresh = seal.sealRefresh(patientId, tokens.refreshToken());
                Optional<WithingsAccount> existing = repository.lockByPatient(patientId);
                long id;
                if (existing.isPresent()) {
                    id = existing.get().id();
                    repository.updateConnected(id, tokens.withingsUserId(), tokens.scopes(), access, refresh,
                            tokens.issuedAt(), tokens.expiresAt(), now);
                } else {
                    id = repository.insertConnected(patientId, tokens.withingsUserId(), tokens.scopes(), access, refresh,
                            tokens.issuedAt(), tokens.expiresAt(), now);
                }
                events.publishAfterCommit(new WithingsAccountEvent.Connected(id, patientId, tokens.withingsUserId(), now,
                        existing.isPresent()));
                log.info("Patient/{} linked to Withings user {} ({})", patientId, tokens.withingsUserId(),
                        existing.isPresent() ? "relinked" : "new link");
                return existing.isPresent();
            }));
        } catch (DataIntegrityViolationException race) {
            // Another patient linked the same Withings user between our check and our write.
            String other = repository.findByActiveWithingsUser(tokens.withingsUserId()).map(WithingsAccount::patientId)
                    .orElse("?");
            throw new AlreadyLinkedException(tokens.withingsUserId(), other);
        }
    }

    /** Withings no longer accepts our tokens (for example a 401 right after a refresh). */
    public void markDisconnected(long accountId, String reason) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> repository.lockTokens(accountId)
                .filter(stored -> stored.status() == AccountStatus.CONNECTED)
                .ifPresent(stored -> {
                    repository.markDisconnected(accountId, reason, now);
                    events.publishAfterCommit(new WithingsAccountEvent.Disconnected(accountId, stored.patientId(),
                            stored.withingsUserId(), now, reason));
                    log.warn("Account {} (Patient/{}) disconnected: {}", accountId, stored.patientId(), reason);
                }));
    }

    /** Ends the link: tokens deleted, Withings user freed, Observations untouched. */
    public Optional<WithingsAccount> revoke(String patientId, String reason) {
        Instant now = clock.instant();
        return transactions.execute(status -> repository.lockByPatient(patientId).map(account -> {
            revokeLocked(account, reason, now);
            return repository.findById(account.id()).orElseThrow();
        }));
    }

    /** The user unlinked our app or deleted the account at Withings (notification appli 46). */
    public Optional<WithingsAccount> revokeWithingsUser(String withingsUserId, String reason) {
        return revokeWithingsUser(withingsUserId, reason, clock.instant());
    }

    /**
     * The same, reported at {@code reportedAt}. A report older than the account's link is about the grant
     * the patient has since replaced by linking again (the unlink notification of a revoked grant can be
     * dispatched after the patient reconnected), so it leaves the new link alone.
     */
    public Optional<WithingsAccount> revokeWithingsUser(String withingsUserId, String reason, Instant reportedAt) {
        Instant now = clock.instant();
        return transactions.execute(status -> repository.lockByActiveWithingsUser(withingsUserId).map(account -> {
            if (account.linkedAt() != null && account.linkedAt().isAfter(reportedAt)) {
                log.info("Account {} (Patient/{}) kept: {} at {}, before it was linked again at {}", account.id(),
                        account.patientId(), reason, reportedAt, account.linkedAt());
                return account;
            }
            revokeLocked(account, reason, now);
            return repository.findById(account.id()).orElseThrow();
        }));
    }

    private void revokeLocked(WithingsAccount account, String reason, Instant now) {
        if (account.status() == AccountStatus.REVOKED) {
            return;
        }
        repository.markRevoked(account.id(), reason, now);
        events.publishAfterCommit(new WithingsAccountEvent.Revoked(account.id(), account.patientId(),
                account.withingsUserId(), now, reason));
        log.info("Account {} (Patient/{}) revoked: {}", account.id(), account.patientId(), reason);
    }
}
