package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.withings.WithingsApiException;
import dev.pulsebridge.server.background.BackgroundWorker;
import dev.pulsebridge.server.background.Backoff;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.WithingsStatus;
import dev.pulsebridge.server.withings.account.AccountNotConnectedException;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import dev.pulsebridge.server.withings.api.RepeatedRequestException;
import dev.pulsebridge.server.withings.ratelimit.WithingsCallBudget;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The threads that execute sync jobs. Each takes one due job at a time from the shared queue (so
 * instances on one database split the work), runs it, and records how it ended: done, deferred
 * (Withings asked us to wait), retried later with backoff, or failed for good after the bound.
 * Stopping interrupts running jobs and hands them back to the queue; a job whose worker died outright
 * is taken up again when its lease runs out.
 */
@Component
class SyncWorkers extends BackgroundWorker {

    private static final Logger log = LoggerFactory.getLogger(SyncWorkers.class);

    private final SyncJobQueue jobs;
    private final WithingsAccounts accounts;
    private final DataSync dataSync;
    private final AccountJobs accountJobs;
    private final SyncProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Backoff retries;

    SyncWorkers(SyncJobQueue jobs, WithingsAccounts accounts, DataSync dataSync, AccountJobs accountJobs,
            SyncProperties properties, MeterRegistry meters, Clock clock) {
        super("pulsebridge-sync", properties.enabled(), properties.workers(), properties.idlePoll());
        this.retries = new Backoff(properties.retryBase(), properties.retryCap());
        this.clock = clock;
        this.jobs = jobs;
        this.accounts = accounts;
        this.dataSync = dataSync;
        this.accountJobs = accountJobs;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    protected boolean runOnce(String owner) {
        List<SyncJob> claimed = jobs.claimForConnectedAccounts(owner, 1, properties.jobLease());
        if (claimed.isEmpty()) {
            return false;
        }
        execute(claimed.get(0), owner);
        return true;
    }

    private void execute(SyncJob job, String owner) {
        long started = System.nanoTime();
        String outcome = "done";
        try {
            Optional<WithingsAccount> account = accounts.byId(job.accountId()).filter(WithingsAccount::connected);
            if (account.isEmpty()) {
                jobs.defer(job, owner, Duration.ZERO, "account is not connected");
                outcome = "waiting";
                return;
            }
            if (job.dataKind() == DataKind.ACCOUNT) {
                accountJobs.run(job, account.get());
            } else {
                dataSync.run(job, account.get(), written -> {
                    // each page renews the lease, so a long window is never taken by a second worker meanwhile
                    if (!jobs.progress(job, owner, properties.jobLease(), written)) {
                        throw new LeaseLostException(job);
                    }
                });
                accounts.markSynced(job.accountId(), clock.instant());
            }
            jobs.complete(job, owner);
        } catch (AccountNotConnectedException e) {
            // the grant died mid-job: the job waits for the patient to reconnect
            jobs.defer(job, owner, Duration.ZERO, e.getMessage());
            outcome = "waiting";
        } catch (RepeatedRequestException e) {
            jobs.defer(job, owner, e.waitBeforeRetry(), e.getMessage());
            outcome = "deferred";
        } catch (WithingsApiException e) {
            if (e.status() == WithingsStatus.TOO_MANY_REQUESTS) {
                jobs.defer(job, owner, WithingsCallBudget.DEFAULT_PAUSE, "Withings asked us to slow down (601)");
                outcome = "deferred";
            } else {
                outcome = failed(job, owner, "Withings answered status " + e.status() + ": " + e.getMessage());
            }
        } catch (LeaseLostException e) {
            // another worker took the job over: its result is theirs to record
            log.warn("Sync job {} stopped: {}", job.id(), e.getMessage());
            outcome = "lost";
        } catch (RuntimeException e) {
            if (stopping()) {
                // stopping: hand the job back untouched rather than count the interruption as a failure
                jobs.defer(job, owner, Duration.ZERO, "worker stopped");
                outcome = "released";
                return;
            }
            outcome = failed(job, owner, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            meters.timer("pulsebridge.sync.jobs", "kind", job.kind().code(), "data", job.dataKind().code(),
                    "outcome", outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private String failed(SyncJob job, String owner, String error) {
        jobs.fail(job, owner, error, properties.maxAttempts(), retries);
        boolean last = job.attempts() >= properties.maxAttempts();
        log.warn("Sync job {} ({} {} of account {}) {}: {}", job.id(), job.kind().code(), job.dataKind().code(),
                job.accountId(), last ? "failed for good after " + job.attempts() + " attempts" : "will be retried", error);
        return last ? "failed" : "retry";
    }

    /** The job's lease ran out while it ran and another worker holds it now. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException(SyncJob job) {
            super("its lease ran out and another worker took it over (job " + job.id() + ")");
        }
    }
}
