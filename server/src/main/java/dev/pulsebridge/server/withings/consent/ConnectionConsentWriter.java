package dev.pulsebridge.server.withings.consent;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.pulsebridge.mapping.fhir.ConnectionConsents.State;
import dev.pulsebridge.mapping.fhir.ConnectionConsents;
import dev.pulsebridge.server.withings.account.AccountStatus;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.account.WithingsAccountEvent;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import org.hl7.fhir.r5.model.Consent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each linked patient's connection Consent in step with the account: written after every link
 * change (which the connection topic turns into notifications), and rewritten for every account at
 * startup, so a change whose Consent write was cut short by a crash still reaches subscribers. A
 * rewrite that changes nothing adds no version and notifies nobody.
 *
 * <p>Writers of one account's Consent take turns (instances, threads, startup beside a live event) and
 * each reads the account only once it has its turn: the last writer always writes the newest state, and
 * two writers never race for the Consent's next version.
 */
@Component
class ConnectionConsentWriter implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ConnectionConsentWriter.class);
    /** The advisory lock class writers of one account's Consent serialise on (the second key is the account). */
    static final int CONSENT_WRITE_LOCK = 0x436f_6e73; // "Cons"

    private final WithingsAccounts accounts;
    private final DaoRegistry daos;
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    ConnectionConsentWriter(WithingsAccounts accounts, DaoRegistry daos, JdbcClient jdbc,
            PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.daos = daos;
        this.jdbc = jdbc;
        // events arrive in the committed link transaction's afterCommit: a write must start its own
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    public void on(WithingsAccountEvent event) {
        try {
            bringUpToDate(event.accountId());
        } catch (RuntimeException e) {
            // the link itself stands; the next start brings the Consent up to date
            log.warn("Could not record the Withings connection of patient {} as a Consent: {}", event.patientId(),
                    e.getMessage());
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        int written = 0;
        for (WithingsAccount account : accounts.all()) {
            if (bringUpToDate(account.id())) {
                written++;
            }
        }
        if (written > 0) {
            log.info("Brought {} connection Consents up to date with their Withings accounts", written);
        }
    }

    /**
     * Writes the account's Consent as the account stands once this writer has its turn.
     *
     * @return whether the Consent changed
     */
    boolean bringUpToDate(long accountId) {
        @SuppressWarnings("unchecked")
        IFhirResourceDao<Consent> dao = daos.getResourceDao("Consent");
        Boolean changed = ownTransaction.execute(status -> {
            jdbc.sql("select 1 from pg_advisory_xact_lock(?, ?)")
                    .params(CONSENT_WRITE_LOCK, (int) (accountId % Integer.MAX_VALUE)).query(Integer.class).single();
            return accounts.byId(accountId).map(account -> !dao.update(consent(account), new SystemRequestDetails()).isNop())
                    .orElse(false);
        });
        return Boolean.TRUE.equals(changed);
    }

    private static Consent consent(WithingsAccount account) {
        return ConnectionConsents.consent(account.patientId(), account.withingsUserId(), state(account.status()),
                account.linkedAt(), account.statusChangedAt());
    }

    private static State state(AccountStatus status) {
        return switch (status) {
            case CONNECTED -> State.CONNECTED;
            case DISCONNECTED -> State.DISCONNECTED;
            case REVOKED -> State.REVOKED;
        };
    }
}
