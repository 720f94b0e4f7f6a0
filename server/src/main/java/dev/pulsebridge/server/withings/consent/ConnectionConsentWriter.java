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
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each linked patient's connection Consent in step with the account: written after every link
 * change (which the connection topic turns into notifications), and rewritten for every account at
 * startup, so a change whose Consent write was cut short by a crash still reaches subscribers. A
 * rewrite that changes nothing adds no version and notifies nobody.
 */
@Component
class ConnectionConsentWriter implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ConnectionConsentWriter.class);

    private final WithingsAccounts accounts;
    private final DaoRegistry daos;
    private final TransactionTemplate ownTransaction;

    ConnectionConsentWriter(WithingsAccounts accounts, DaoRegistry daos, PlatformTransactionManager transactionManager) {
        this.accounts = accounts;
        this.daos = daos;
        // events arrive in the committed link transaction's afterCommit: a write must start its own
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    public void on(WithingsAccountEvent event) {
        try {
            accounts.byId(event.accountId()).ifPresent(this::write);
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
            if (write(account)) {
                written++;
            }
        }
        if (written > 0) {
            log.info("Brought {} connection Consents up to date with their Withings accounts", written);
        }
    }

    /** @return whether the Consent changed */
    private boolean write(WithingsAccount account) {
        Consent consent = ConnectionConsents.consent(account.patientId(), account.withingsUserId(), state(account.status()),
                account.linkedAt(), account.statusChangedAt());
        @SuppressWarnings("unchecked")
        IFhirResourceDao<Consent> dao = daos.getResourceDao("Consent");
        Boolean changed = ownTransaction.execute(status -> !dao.update(consent, new SystemRequestDetails()).isNop());
        return Boolean.TRUE.equals(changed);
    }

    private static State state(AccountStatus status) {
        return switch (status) {
            case CONNECTED -> State.CONNECTED;
            case DISCONNECTED -> State.DISCONNECTED;
            case REVOKED -> State.REVOKED;
        };
    }
}
