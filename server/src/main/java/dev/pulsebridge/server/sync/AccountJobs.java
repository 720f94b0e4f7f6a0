package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.account.WithingsAccount;
import org.springframework.stereotype.Component;

/**
 * Jobs about the account rather than its data: subscribing webhooks, and the periodic reconcile that
 * re-subscribes whatever Withings dropped and runs an incremental pass to catch lost notifications.
 */
@Component
class AccountJobs {

    private final WithingsWebhookRegistration webhooks;
    private final SyncJobQueue jobs;

    AccountJobs(WithingsWebhookRegistration webhooks, SyncJobQueue jobs) {
        this.webhooks = webhooks;
        this.jobs = jobs;
    }

    void run(SyncJob job, WithingsAccount account) {
        webhooks.ensure(account);
        if (job.kind() == JobKind.RECONCILE) {
            jobs.enqueueIncremental(account.id());
        }
    }
}
