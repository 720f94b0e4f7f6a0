package dev.pulsebridge.server.readings;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.Observation;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the read model in step with every Observation write, REST and in-process (the sync engine's)
 * alike: the rows of each created, updated or deleted Observation are replaced in one batch just before
 * the write's transaction commits, so the Observation and its rows commit together or not at all.
 */
@Interceptor
class ReadingCapture {

    private static final Object BUFFER_KEY = new Object();

    private final ReadingStore store;

    ReadingCapture(ReadingStore store) {
        this.store = store;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        if (resource instanceof Observation observation) {
            buffer().put(observation.getIdElement().getIdPart(), ReadingRows.of(observation));
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        created(resource);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        if (resource instanceof Observation observation) {
            buffer().put(observation.getIdElement().getIdPart(), List.of());
        }
    }

    /** The rows of this transaction's Observations, by id (the last version written wins). */
    @SuppressWarnings("unchecked")
    private Map<String, List<ReadingRow>> buffer() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("An Observation write outside a transaction cannot keep the read model");
        }
        Map<String, List<ReadingRow>> buffer =
                (Map<String, List<ReadingRow>>) TransactionSynchronizationManager.getResource(BUFFER_KEY);
        if (buffer == null) {
            Map<String, List<ReadingRow>> rows = new LinkedHashMap<>();
            TransactionSynchronizationManager.bindResource(BUFFER_KEY, rows);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    List<ReadingRow> all = new ArrayList<>();
                    rows.values().forEach(all::addAll);
                    store.replace(rows.keySet(), all);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(BUFFER_KEY);
                }
            });
            buffer = rows;
        }
        return buffer;
    }
}
