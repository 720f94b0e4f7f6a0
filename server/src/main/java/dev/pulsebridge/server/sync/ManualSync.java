package dev.pulsebridge.server.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** A patient's (or clinician's) request for an immediate incremental sync, at most once per interval. */
@Component
class ManualSync {

    private final SyncAccountStore syncAccounts;
    private final SyncJobQueue jobs;
    private final SyncProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ManualSync(SyncAccountStore syncAccounts, SyncJobQueue jobs, SyncProperties properties, TransactionTemplate transactions, Clock clock) {
        this.clock = clock;
        this.syncAccounts = syncAccounts;
        this.jobs = jobs;
        this.properties = properties;
        this.transactions = transactions;
    }

    /** The outcome: the queued job ids, or when the next request will be accepted. */
    record Request(List<Long> jobIds, Instant retryAfter) {

        public boolean accepted() {
            return retryAfter == null;
        }
    }

    Request request(long accountId) {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            if (!syncAccounts.claimManualSync(accountId, now, properties.manualSyncMinInterval())) {
                Instant last = syncAccounts.find(accountId).map(SyncAccountState::lastManualSyncAt).orElse(now);
                return new Request(List.of(), last.plus(properties.manualSyncMinInterval()));
            }
            return new Request(jobs.enqueueIncremental(accountId), null);
        });
    }
}
