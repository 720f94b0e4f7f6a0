package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.background.BackgroundWorker;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The sync engine's clock: polls accounts Withings cannot notify us about, and reconciles every account
 * periodically (webhook subscriptions checked, an incremental pass for anything a lost notification
 * missed). Due times live in the database and are claimed with a conditional update, so with several
 * instances each poll or reconcile happens once.
 */
@Component
class SyncScheduler extends BackgroundWorker {

    private final SyncAccountStore syncAccounts;
    private final SyncJobQueue jobs;
    private final WithingsAccounts accounts;
    private final SyncProperties properties;
    private final Clock clock;

    SyncScheduler(SyncAccountStore syncAccounts, SyncJobQueue jobs, WithingsAccounts accounts, SyncProperties properties,
            Clock clock) {
        super("pulsebridge-sync-scheduler", properties.enabled(), 1, properties.schedulerInterval());
        this.clock = clock;
        this.accounts = accounts;
        this.syncAccounts = syncAccounts;
        this.jobs = jobs;
        this.properties = properties;
    }

    /** @return how many polls and reconciles were started */
    int runDue() {
        Instant now = clock.instant();
        Long[] connected = accounts.connectedIds();
        int started = 0;
        for (long account : syncAccounts.pollsDue(connected, now)) {
            if (syncAccounts.claimPoll(account, now, now.plus(properties.pollingInterval()))) {
                jobs.enqueueIncremental(account);
                started++;
            }
        }
        for (long account : syncAccounts.reconcilesDue(connected, now)) {
            if (syncAccounts.claimReconcile(account, now, now.plus(properties.reconcileInterval()))) {
                jobs.enqueue(account, JobKind.RECONCILE, DataKind.ACCOUNT, null, null);
                started++;
            }
        }
        return started;
    }

    @Override
    protected boolean runOnce(String owner) {
        runDue();
        return false;
    }
}
