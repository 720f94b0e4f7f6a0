package dev.pulsebridge.server.sync.plan;

import dev.pulsebridge.server.sync.SyncProperties;
import dev.pulsebridge.server.sync.queue.JobKind;
import dev.pulsebridge.server.sync.queue.SyncJobs;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** A patient's (or clinician's) request for an immediate incremental sync, at most once per interval. */
@Component
public class ManualSync {

    private final SyncAccounts syncAccounts;
    private final SyncJobs jobs;
    private final SyncProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock = Clock.systemUTC();

    ManualSync(SyncAccounts syncAccounts, SyncJobs jobs, SyncProperties properties, TransactionTemplate transactions) {
        this.syncAccounts = syncAccounts;
        this.jobs = jobs;
        this.properties = properties;
        this.transactions = transactions;
    }

    /** The outcome: the queued job ids, or when the next request will be accepted. */
    public record Request(List<Long> jobIds, Instant retryAfter) {

        public boolean accepted() {
            return retryAfter == null;
        }
    }

    public Request request(long accountId) {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            if (!syncAccounts.claimManualSync(accountId, now, properties.manualSyncMinInterval())) {
                Instant last = syncAccounts.find(accountId).map(SyncAccountState::lastManualSyncAt).orElse(now);
                return new Request(List.of(), last.plus(properties.manualSyncMinInterval()));
            }
            List<Long> ids = new ArrayList<>();
            SyncPlanner.DATA_KINDS.forEach(kind -> ids.add(jobs.enqueue(accountId, JobKind.INCREMENTAL, kind, null, null)));
            return new Request(ids, null);
        });
    }
}
