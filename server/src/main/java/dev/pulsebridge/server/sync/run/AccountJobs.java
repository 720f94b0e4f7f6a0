package dev.pulsebridge.server.sync.run;

import dev.pulsebridge.server.sync.plan.SyncPlanner;
import dev.pulsebridge.server.sync.plan.WebhookRegistration;
import dev.pulsebridge.server.sync.queue.JobKind;
import dev.pulsebridge.server.sync.queue.SyncJob;
import dev.pulsebridge.server.sync.queue.SyncJobs;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import org.springframework.stereotype.Component;

/**
 * Jobs about the account rather than its data: subscribing webhooks, and the periodic reconcile that
 * re-subscribes whatever Withings dropped and runs an incremental pass to catch lost notifications.
 */
@Component
class AccountJobs {

    private final WebhookRegistration webhooks;
    private final SyncJobs jobs;

    AccountJobs(WebhookRegistration webhooks, SyncJobs jobs) {
        this.webhooks = webhooks;
        this.jobs = jobs;
    }

    void run(SyncJob job, WithingsAccount account) {
        webhooks.ensure(account);
        if (job.kind() == JobKind.RECONCILE) {
            SyncPlanner.DATA_KINDS.forEach(kind -> jobs.enqueue(account.id(), JobKind.INCREMENTAL, kind, null, null));
        }
    }
}
