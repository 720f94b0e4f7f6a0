package dev.pulsebridge.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.pulsebridge.server.background.BackgroundWorker;
import java.util.List;
import org.hl7.fhir.r5.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves audit records from the outbox into the FHIR store as AuditEvent resources, a batch per
 * transaction: the rows are deleted in the transaction that stores them, so a crash leaves them for the
 * next pass and nothing is stored twice. A record HAPI refuses is logged in full and dropped, so it
 * cannot hold back the log.
 */
@Component
class AuditEventWriter extends BackgroundWorker {

    private static final Logger log = LoggerFactory.getLogger(AuditEventWriter.class);

    private final AuditOutbox outbox;
    private final DaoRegistry daos;
    private final FhirContext fhir;
    private final TransactionTemplate transactions;
    private final int batch;

    AuditEventWriter(AuditOutbox outbox, DaoRegistry daos, FhirContext fhir, PlatformTransactionManager transactionManager,
            AuditProperties properties) {
        super("audit-writer", properties.enabled(), 1, properties.idlePoll());
        this.outbox = outbox;
        this.daos = daos;
        this.fhir = fhir;
        this.transactions = new TransactionTemplate(transactionManager);
        this.batch = properties.batch();
    }

    @Override
    protected boolean runOnce(String owner) {
        try {
            Integer stored = transactions.execute(status -> store(outbox.take(batch)));
            return stored != null && stored == batch;
        } catch (RuntimeException batchFailed) {
            // one record HAPI refuses must not hold back the others: store them one by one
            storeOneByOne();
            return true;
        }
    }

    private int store(List<AuditOutbox.Pending> pending) {
        IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
        for (AuditOutbox.Pending record : pending) {
            dao.create(fhir.newJsonParser().parseResource(AuditEvent.class, record.eventJson()), new SystemRequestDetails());
        }
        return pending.size();
    }

    private void storeOneByOne() {
        for (int i = 0; i < batch; i++) {
            try {
                Integer stored = transactions.execute(status -> store(outbox.take(1)));
                if (stored == null || stored == 0) {
                    return;
                }
            } catch (RuntimeException refused) {
                transactions.executeWithoutResult(status -> outbox.take(1).forEach(record -> log.error(
                        "An audit record HAPI refuses was dropped ({}): {}", refused.getMessage(), record.eventJson())));
            }
        }
    }
}
