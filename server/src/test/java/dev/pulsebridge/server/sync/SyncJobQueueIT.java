package dev.pulsebridge.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.background.Backoff;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the queue promises, on PostgreSQL as the running server uses it. Every test uses its own
 * account id, so tests never see each other's jobs.
 */
class SyncJobQueueIT extends ServerIntegrationTest {

    private static final AtomicLong ACCOUNTS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final Duration LEASE = Duration.ofMinutes(5);

    @Autowired
    private SyncJobQueue jobs;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private javax.sql.DataSource dataSource;

    /** A server process as other processes see it: its last heartbeat, {@code secondsAgo} before now. */
    private String processLastSeen(int secondsAgo) {
        String process = "chaos-" + newAccount();
        jdbc.sql("""
                insert into instance_heartbeat (instance, started_at, beat_at)
                values (?, current_timestamp - interval '1 hour', current_timestamp - make_interval(secs => ?))""")
                .params(process, secondsAgo).update();
        return process;
    }

    /** Claims only this test's jobs, whatever else is queued in a shared database. */
    private List<SyncJob> claimOwn(long account, String owner, int limit) {
        List<SyncJob> claimed = jobs.claim(owner, 1000, LEASE);
        List<SyncJob> own = new ArrayList<>();
        for (SyncJob job : claimed) {
            if (job.accountId() == account && own.size() < limit) {
                own.add(job);
            } else {
                jobs.defer(job, owner, Duration.ZERO, null);
            }
        }
        return own;
    }

    /** Claims the job with a lease that has already run out, as a worker that then died would hold it. */
    private SyncJob claimWithLeaseOver(long id, String owner) {
        return jobs.claim(owner, 1000, Duration.ofMillis(-1)).stream()
                .filter(job -> job.id() == id).findFirst().orElseThrow();
    }

    private static long newAccount() {
        return ACCOUNTS.incrementAndGet();
    }

    @Test
    void webhookJobsForTheSameAccountAndDataCoalesceIntoOneCoveringTheUnion() {
        long account = newAccount();

        long first = jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 1_000L, 1_010L);
        long second = jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 900L, 950L);
        long third = jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 1_005L, 2_000L);

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        SyncJob job = jobs.find(first).orElseThrow();
        assertThat(job.windowStart()).isEqualTo(900L);
        assertThat(job.windowEnd()).isEqualTo(2_000L);
    }

    @Test
    void differentDataKindsAndBackfillWindowsStaySeparate() {
        long account = newAccount();

        jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 1L, 2L);
        jobs.enqueue(account, JobKind.WEBHOOK, DataKind.SLEEP, 1L, 2L);
        jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, 0L, 100L);
        jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, 100L, 200L);

        assertThat(jobs.forAccount(account)).hasSize(4);
    }

    @Test
    void webhookWorkIsClaimedBeforeOlderBackfill() {
        long account = newAccount();
        jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, 0L, 100L);
        jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 50L, 60L);

        List<SyncJob> claimed = claimOwn(account, "w1", 2);

        assertThat(claimed).extracting(SyncJob::kind).containsExactly(JobKind.WEBHOOK, JobKind.BACKFILL);
    }

    @Test
    void concurrentClaimersNeverTakeTheSameJob() throws Exception {
        long account = newAccount();
        for (int i = 0; i < 40; i++) {
            jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, i * 100L, i * 100L + 99);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Long> taken = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String owner = "worker-" + w;
                workers.add(pool.submit(() -> {
                    List<SyncJob> batch;
                    while (!(batch = claimOwn(account, owner, 3)).isEmpty()) {
                        batch.forEach(job -> {
                            taken.add(job.id());
                            jobs.complete(job, owner);
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(taken).hasSize(40).doesNotHaveDuplicates();
        assertThat(jobs.forAccount(account)).allSatisfy(job -> assertThat(job.state()).isEqualTo("done"));
    }

    @Test
    void anAccountsJobsAreClaimedOneAtATime() {
        long account = newAccount();
        jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, 0L, 99L);
        jobs.enqueue(account, JobKind.BACKFILL, DataKind.SLEEP, 0L, 99L);

        List<SyncJob> first = jobs.claimOnePerAccount("w1", 5, LEASE, new Long[] {account});
        List<SyncJob> whileItRuns = jobs.claimOnePerAccount("w2", 5, LEASE, new Long[] {account});
        jobs.complete(first.get(0), "w1");
        List<SyncJob> afterIt = jobs.claimOnePerAccount("w2", 5, LEASE, new Long[] {account});

        assertThat(first).hasSize(1);
        assertThat(whileItRuns).isEmpty();
        assertThat(afterIt).hasSize(1).extracting(SyncJob::id).doesNotContain(first.get(0).id());
    }

    @Test
    void anAccountAnotherClaimerIsTakingAJobOfRightNowIsPassedOver() throws Exception {
        long busy = newAccount();
        long idle = newAccount();
        jobs.enqueue(busy, JobKind.BACKFILL, DataKind.MEASURES, 0L, 99L);
        long idleJob = jobs.enqueue(idle, JobKind.BACKFILL, DataKind.MEASURES, 0L, 99L);
        List<SyncJob> claimed;
        // another claimer's transaction, between taking the account's claim lock and committing its claim
        try (java.sql.Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var lock = other.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, SyncJobQueue.ACCOUNT_CLAIM_LOCK);
                lock.setInt(2, (int) (busy % Integer.MAX_VALUE));
                lock.execute();
            }
            claimed = jobs.claimOnePerAccount("w1", 5, LEASE, new Long[] {busy, idle});
            other.rollback();
        }

        assertThat(claimed).extracting(SyncJob::id).containsExactly(idleJob);
        assertThat(jobs.claimOnePerAccount("w2", 5, LEASE, new Long[] {busy})).hasSize(1);
    }

    @Test
    void concurrentClaimersNeverRunTwoJobsOfOneAccountAtOnce() throws Exception {
        long account = newAccount();
        List<DataKind> kinds = DataKind.health();
        for (int i = 0; i < 24; i++) {
            jobs.enqueue(account, JobKind.BACKFILL, kinds.get(i % kinds.size()), i * 100L, i * 100L + 99);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String owner = "worker-" + w;
                workers.add(pool.submit(() -> {
                    while (done.get() < 24) {
                        for (SyncJob job : jobs.claimOnePerAccount(owner, 1, LEASE, new Long[] {account})) {
                            int running = jdbc.sql("select count(*) from sync_job where account_id = ? and state = 'running'")
                                    .param(account).query(Integer.class).single();
                            mostAtOnce.accumulateAndGet(running, Math::max);
                            jobs.complete(job, owner);
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(jobs.forAccount(account)).hasSize(24).allSatisfy(job -> assertThat(job.state()).isEqualTo("done"));
    }

    @Test
    void jobOfAWorkerWhoseLeaseRanOutIsClaimedAgainAndTheOldOwnerCannotFinishIt() {
        long account = newAccount();
        long id = jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 1L, 2L);
        SyncJob lost = claimWithLeaseOver(id, "crashed");

        List<SyncJob> retaken = claimOwn(account, "survivor", 1);

        assertThat(retaken).singleElement().satisfies(job -> {
            assertThat(job.id()).isEqualTo(id);
            assertThat(job.attempts()).isEqualTo(2);
        });
        assertThat(jobs.complete(lost, "crashed")).isFalse();
        assertThat(jobs.complete(retaken.get(0), "survivor")).isTrue();
    }

    @Test
    void aJobHeldByAProcessThatStoppedBeatingIsTakenOverLongBeforeItsLeaseRunsOut() {
        long account = newAccount();
        long id = jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, 1L, 2L);
        String killed = processLastSeen(60);
        SyncJob orphaned = claimOwn(account, killed + "-a1b2-0", 1).get(0);

        List<SyncJob> retaken = claimOwn(account, "survivor", 1);

        assertThat(retaken).singleElement().satisfies(job -> {
            assertThat(job.id()).isEqualTo(id);
            assertThat(job.attempts()).isEqualTo(2);
        });
        assertThat(jobs.progress(orphaned, killed + "-a1b2-0", LEASE, 10)).as("the dead owner's late report").isFalse();
    }

    @Test
    void aJobHeldByAProcessThatStillBeatsKeepsItsLease() {
        long account = newAccount();
        jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, 1L, 2L);
        String alive = processLastSeen(1);
        SyncJob running = claimOwn(account, alive + "-a1b2-0", 1).get(0);

        assertThat(claimOwn(account, "other", 1)).isEmpty();
        assertThat(jobs.complete(running, alive + "-a1b2-0")).isTrue();
    }

    @Test
    void aPageOfProgressKeepsTheLeaseSoNoOtherWorkerTakesALongJob() {
        long account = newAccount();
        long id = jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, 1L, 2L);
        SyncJob running = claimWithLeaseOver(id, "worker");

        assertThat(jobs.progress(running, "worker", LEASE, 200)).isTrue();

        assertThat(claimOwn(account, "other", 1)).as("the renewed lease holds").isEmpty();
        assertThat(jobs.progress(running, "worker", LEASE, 150)).isTrue();
        assertThat(jobs.complete(running, "worker")).isTrue();
        assertThat(jobs.backfillProgress(account, java.time.Instant.EPOCH).observationsWritten()).isEqualTo(350);
    }

    @Test
    void aWorkerThatLostItsLeaseCannotReportProgress() {
        long account = newAccount();
        long id = jobs.enqueue(account, JobKind.BACKFILL, DataKind.MEASURES, 1L, 2L);
        SyncJob lost = claimWithLeaseOver(id, "crashed");
        claimOwn(account, "survivor", 1);

        assertThat(jobs.progress(lost, "crashed", LEASE, 200)).isFalse();
        assertThat(jobs.backfillProgress(account, java.time.Instant.EPOCH).observationsWritten()).isZero();
    }

    @Test
    void failedJobIsRetriedLaterAndGivenUpAfterTheBound() {
        long account = newAccount();
        long id = jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 1L, 2L);

        SyncJob first = claimOwn(account, "w", 1).get(0);
        jobs.fail(first, "w", "HTTP 500", 2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)));
        awaitDue();
        SyncJob second = claimOwn(account, "w", 1).get(0);
        jobs.fail(second, "w", "HTTP 500 again", 2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)));

        SyncJob failed = jobs.find(id).orElseThrow();
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(failed.lastError()).isEqualTo("HTTP 500 again");
        assertThat(claimOwn(account, "w", 1)).isEmpty();
    }

    @Test
    void backoffPutsTheNextRunInTheFuture() {
        long account = newAccount();
        long id = jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 1L, 2L);
        SyncJob job = claimOwn(account, "w", 1).get(0);

        jobs.fail(job, "w", "timeout", 5, new Backoff(Duration.ofMinutes(1), Duration.ofHours(1)));

        SyncJob rescheduled = jobs.find(id).orElseThrow();
        assertThat(rescheduled.state()).isEqualTo("pending");
        assertThat(rescheduled.nextRunAt()).isAfter(java.time.Instant.now().plusSeconds(25));
        assertThat(claimOwn(account, "w", 1)).isEmpty();
    }

    @Test
    void deferringForARateLimitDoesNotUseUpAnAttempt() {
        long account = newAccount();
        long id = jobs.enqueue(account, JobKind.WEBHOOK, DataKind.MEASURES, 1L, 2L);
        SyncJob job = claimOwn(account, "w", 1).get(0);

        jobs.defer(job, "w", Duration.ofSeconds(30), "Withings status 601, wait_seconds=30");

        SyncJob deferred = jobs.find(id).orElseThrow();
        assertThat(deferred.attempts()).isZero();
        assertThat(deferred.lastError()).contains("601");
    }

    private static void awaitDue() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
