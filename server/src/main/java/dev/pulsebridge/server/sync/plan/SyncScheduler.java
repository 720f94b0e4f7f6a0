package dev.pulsebridge.server.sync.plan;

import dev.pulsebridge.server.sync.SyncProperties;
import dev.pulsebridge.server.sync.queue.DataKind;
import dev.pulsebridge.server.sync.queue.JobKind;
import dev.pulsebridge.server.sync.queue.SyncJobs;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The sync engine's clock: polls accounts Withings cannot notify us about, and reconciles every account
 * periodically (webhook subscriptions checked, an incremental pass for anything a lost notification
 * missed). Due times live in the database and are claimed with a conditional update, so with several
 * instances each poll or reconcile happens once.
 */
@Component
public class SyncScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    private final SyncAccounts syncAccounts;
    private final SyncJobs jobs;
    private final SyncProperties properties;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService executor;

    SyncScheduler(SyncAccounts syncAccounts, SyncJobs jobs, SyncProperties properties) {
        this.syncAccounts = syncAccounts;
        this.jobs = jobs;
        this.properties = properties;
    }

    /** @return how many polls and reconciles were started */
    public int runDue() {
        Instant now = clock.instant();
        int started = 0;
        for (long account : syncAccounts.pollsDue(now)) {
            if (syncAccounts.claimPoll(account, now, now.plus(properties.pollingInterval()))) {
                SyncPlanner.DATA_KINDS.forEach(kind -> jobs.enqueue(account, JobKind.INCREMENTAL, kind, null, null));
                started++;
            }
        }
        for (long account : syncAccounts.reconcilesDue(now)) {
            if (syncAccounts.claimReconcile(account, now, now.plus(properties.reconcileInterval()))) {
                jobs.enqueue(account, JobKind.RECONCILE, DataKind.ACCOUNT, null, null);
                started++;
            }
        }
        return started;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pulsebridge-sync-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.schedulerInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                log.warn("Scheduling polls and reconciles failed; will retry: {}", e.getMessage());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
