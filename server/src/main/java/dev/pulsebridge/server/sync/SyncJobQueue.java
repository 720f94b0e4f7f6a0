package dev.pulsebridge.server.sync;

import static dev.pulsebridge.server.database.SqlTimes.instant;
import static dev.pulsebridge.server.database.SqlTimes.utc;

import dev.pulsebridge.server.background.Backoff;
import dev.pulsebridge.server.background.DatabaseRetry;
import dev.pulsebridge.server.background.Instances;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable work queue ({@code sync_job}). Enqueueing coalesces, claiming skips rows other workers
 * hold and leases what it takes, and every ending (done, retry later, failed for good) is one update
 * guarded by the lease owner, so a worker that lost its lease cannot overwrite the new owner's result.
 */
@Repository
class SyncJobQueue {

    private static final String COLUMNS = """
            id, account_id, kind, data_kind, window_start, window_end, state, attempts, next_run_at, last_error""";

    /** The advisory lock class claimers of one account's jobs serialise on (the second key is the account). */
    static final int ACCOUNT_CLAIM_LOCK = 0x5379_6e63; // "Sync"
    private static final int CANDIDATES_BEYOND_LIMIT = 8;

    /** The updates that end a job: a database blink must not leave the job leased to a live worker for minutes. */
    private final DatabaseRetry endings = DatabaseRetry.forEndings("sync-job-ending");
    private final JdbcClient jdbc;
    private final WithingsAccounts accounts;
    private final TransactionTemplate transactions;
    private final Instances instances;
    private final Clock clock;

    SyncJobQueue(JdbcClient jdbc, TransactionTemplate transactions, WithingsAccounts accounts, Instances instances,
            Clock clock) {
        this.accounts = accounts;
        this.instances = instances;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Adds work, or widens a pending job of the same account, kind and data kind to cover the union of
     * both windows when the kind coalesces (a burst of webhooks becomes one fetch).
     *
     * @return the id of the job that will do the work
     */
    long enqueue(long accountId, JobKind kind, DataKind dataKind, Long windowStart, Long windowEnd) {
        return enqueue(accountId, kind, dataKind, windowStart, windowEnd, Duration.ZERO);
    }

    /** @param delay how long a new job waits before it is due (a pending job it merges into keeps its time) */
    long enqueue(long accountId, JobKind kind, DataKind dataKind, Long windowStart, Long windowEnd,
            Duration delay) {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            if (kind.coalesces()) {
                Optional<SyncJob> pending = jdbc.sql("select " + COLUMNS + """
                         from sync_job where account_id = ? and kind = ? and data_kind = ? and state = 'pending'
                        order by id fetch first 1 rows only for update""")
                        .params(accountId, kind.code(), dataKind.code()).query(SyncJobQueue::job).optional();
                if (pending.isPresent()) {
                    SyncJob job = pending.get();
                    jdbc.sql("update sync_job set window_start = ?, window_end = ? where id = ?")
                            .params(union(job.windowStart(), windowStart, Math::min),
                                    union(job.windowEnd(), windowEnd, Math::max), job.id())
                            .update();
                    return job.id();
                }
            }
            GeneratedKeyHolder key = new GeneratedKeyHolder();
            jdbc.sql("""
                    insert into sync_job (account_id, kind, data_kind, priority, window_start, window_end, state, attempts,
                        next_run_at, created_at)
                    values (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)""")
                    .params(accountId, kind.code(), dataKind.code(), kind.priority(), windowStart, windowEnd,
                            utc(now.plus(delay)), utc(now))
                    .update(key, "id");
            return key.getKeyAs(Number.class).longValue();
        });
    }

    /** An incremental pass over every kind of health data (a poll, a reconcile, a manual sync). */
    List<Long> enqueueIncremental(long accountId) {
        return DataKind.health().stream().map(kind -> enqueue(accountId, JobKind.INCREMENTAL, kind, null, null)).toList();
    }

    /** A missing bound means "unbounded", and stays so when merged. */
    private static Long union(Long a, Long b, java.util.function.LongBinaryOperator pick) {
        return a == null || b == null ? null : pick.applyAsLong(a, b);
    }

    /**
     * Takes up to {@code limit} due jobs, most urgent first, including running jobs whose lease ran out or
     * whose owner's process stopped beating (their worker died). Rows locked by another claimer are skipped, not waited for.
     */
    List<SyncJob> claim(String owner, int limit, Duration lease) {
        return claim(owner, limit, lease, null);
    }

    /**
     * What workers take: like {@link #claim}, but only jobs of connected accounts with no job running. A
     * disconnected account's work waits for the patient to reconnect instead of failing against a dead
     * grant, and one account's jobs run one at a time (they write the same devices, and it spreads the
     * Withings budget fairly across accounts).
     */
    List<SyncJob> claimForConnectedAccounts(String owner, int limit, Duration lease) {
        return claimOnePerAccount(owner, limit, lease, accounts.connectedIds());
    }

    /** Jobs of these accounts only, at most one per account and none of an account with a job running. */
    List<SyncJob> claimOnePerAccount(String owner, int limit, Duration lease, Long[] accountIds) {
        return claim(owner, limit, lease, accountIds);
    }

    /** @param accountIds only jobs of these accounts, each with no job running; null: any job */
    private List<SyncJob> claim(String owner, int limit, Duration lease, Long[] accountIds) {
        Instant now = clock.instant();
        String ownerGone = instances.ownerGone("lease_owner");
        boolean oneJobPerAccount = accountIds != null;
        String accountCondition = !oneJobPerAccount ? "" : """
                 and account_id = any(:accounts)
                 and account_id not in (select r.account_id from sync_job r where %s)""".formatted(runningJob("r"));
        return transactions.execute(status -> {
            var query = jdbc.sql("""
                    select id, account_id from sync_job
                    where ((state = 'pending' and next_run_at <= :now)
                           or (state = 'running' and (lease_until < :now or %s)))""".formatted(ownerGone)
                    + accountCondition + """

                    order by priority, next_run_at, id
                    fetch first :candidates rows only
                    for update skip locked""")
                    .param("now", utc(now))
                    // room to pass over jobs of accounts another claimer is taking right now
                    .param("candidates", oneJobPerAccount ? limit + CANDIDATES_BEYOND_LIMIT : limit);
            if (oneJobPerAccount) {
                query = query.param("accounts", accountIds);
            }
            List<long[]> candidates = query.query((rs, row) -> new long[] {rs.getLong("id"), rs.getLong("account_id")})
                    .list();
            List<Long> ids = new java.util.ArrayList<>();
            java.util.Set<Long> accountsTaken = new java.util.HashSet<>();
            for (long[] candidate : candidates) {
                if (ids.size() == limit) {
                    break;
                }
                if (!oneJobPerAccount || (accountsTaken.add(candidate[1]) && mayStartJobOf(candidate[1]))) {
                    ids.add(candidate[0]);
                }
            }
            if (ids.isEmpty()) {
                return List.<SyncJob>of();
            }
            jdbc.sql("""
                    update sync_job set state = 'running', attempts = attempts + 1, lease_owner = :owner, lease_until = :until
                    where id in (:ids)""")
                    .param("owner", owner).param("until", utc(now.plus(lease))).param("ids", ids).update();
            return jdbc.sql("select " + COLUMNS + " from sync_job where id in (:ids) order by priority, next_run_at, id")
                    .param("ids", ids).query(SyncJobQueue::job).list();
        });
    }

    /**
     * Whether this claim may start a job of the account. The query above cannot see another claimer's job
     * of the same account that is being taken but not yet committed, so claimers serialise per account on a
     * transaction-scoped advisory lock, and whoever holds it looks again, in a statement of its own (which
     * sees every claim committed before), for a job of the account still running.
     */
    private boolean mayStartJobOf(long accountId) {
        Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?, ?)")
                .params(ACCOUNT_CLAIM_LOCK, (int) (accountId % Integer.MAX_VALUE)).query(Boolean.class).single();
        if (!Boolean.TRUE.equals(locked)) {
            return false;
        }
        return jdbc.sql("select count(*) from sync_job r where r.account_id = ? and " + runningJob("r"))
                .param(accountId).query(Integer.class).single() == 0;
    }

    /** SQL true for a job of {@code alias} that is running under a lease still held by a living instance. */
    private String runningJob(String alias) {
        return alias + ".state = 'running' and " + alias + ".lease_until >= current_timestamp and not "
                + instances.ownerGone(alias + ".lease_owner");
    }

    /** @return false if the lease was lost (another worker owns the job now) */
    boolean complete(SyncJob job, String owner) {
        return endings.call(() -> jdbc.sql("""
                update sync_job set state = 'done', finished_at = ?, lease_owner = null, lease_until = null, last_error = null
                where id = ? and lease_owner = ? and state = 'running'""")
                .params(utc(clock.instant()), job.id(), owner).update() == 1);
    }

    /**
     * A running job got through one more page: it holds its lease for another {@code lease} and adds what
     * it wrote to the job's count (backfill progress adds those up while jobs run). Counts add up over
     * attempts, since a retried job rewrites nothing an earlier attempt already stored.
     *
     * @return false if the lease was lost (another worker owns the job now)
     */
    boolean progress(SyncJob job, String owner, Duration lease, int written) {
        return jdbc.sql("""
                update sync_job set lease_until = ?, written = written + ?
                where id = ? and lease_owner = ? and state = 'running'""")
                .params(utc(clock.instant().plus(lease)), written, job.id(), owner).update() == 1;
    }

    /** Whether a job of this kind was queued for the account and data kind since {@code since}. */
    boolean queuedSince(long accountId, JobKind kind, DataKind dataKind, Instant since) {
        return jdbc.sql("""
                select count(*) from sync_job where account_id = ? and kind = ? and data_kind = ? and created_at >= ?""")
                .params(accountId, kind.code(), dataKind.code(), utc(since)).query(Integer.class).single() > 0;
    }

    /** Drops work nobody will do any more (the account was revoked); running jobs finish on their own. */
    int cancelPending(long accountId) {
        return jdbc.sql("delete from sync_job where account_id = ? and state = 'pending'").param(accountId).update();
    }

    /** Backfill jobs created since {@code since}, by state, with the Observations they wrote so far. */
    BackfillProgress backfillProgress(long accountId, Instant since) {
        return jdbc.sql("""
                select count(*) as total,
                    coalesce(sum(case when state = 'done' then 1 else 0 end), 0) as done,
                    coalesce(sum(case when state = 'failed' then 1 else 0 end), 0) as failed,
                    coalesce(sum(written), 0) as written
                from sync_job where account_id = ? and kind = 'backfill' and created_at >= ?""")
                .params(accountId, utc(since))
                .query((rs, row) -> new BackfillProgress(rs.getInt("total"), rs.getInt("done"), rs.getInt("failed"),
                        rs.getLong("written")))
                .single();
    }

    /** Jobs of the account that stopped for good, newest first. */
    List<SyncJob> failed(long accountId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from sync_job where account_id = ? and state = 'failed' order by id desc"
                + " fetch first ? rows only")
                .params(accountId, limit).query(SyncJobQueue::job).list();
    }

    int pendingCount(long accountId) {
        return jdbc.sql("select count(*) from sync_job where account_id = ? and state in ('pending', 'running')")
                .param(accountId).query(Integer.class).single();
    }

    /**
     * A failure worth retrying: run again after {@code backoff} for this attempt, or give up for good once
     * {@code maxAttempts} is reached. A job that failed for good stays visible.
     */
    boolean fail(SyncJob job, String owner, String error, int maxAttempts, Backoff backoff) {
        if (job.attempts() >= maxAttempts) {
            return endings.call(() -> jdbc.sql("""
                    update sync_job set state = 'failed', finished_at = ?, last_error = ?, lease_owner = null, lease_until = null
                    where id = ? and lease_owner = ? and state = 'running'""")
                    .params(utc(clock.instant()), truncate(error), job.id(), owner).update() == 1);
        }
        return reschedule(job, owner, backoff.after(job.attempts()), error, 0);
    }

    /**
     * Not a failure (Withings asked us to wait, e.g. status 601 with {@code wait_seconds}): run again
     * after {@code wait} without using up an attempt.
     */
    boolean defer(SyncJob job, String owner, Duration wait, String reason) {
        return reschedule(job, owner, wait, reason, 1);
    }

    Optional<SyncJob> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from sync_job where id = ?").param(id).query(SyncJobQueue::job).optional();
    }

    List<SyncJob> forAccount(long accountId) {
        return jdbc.sql("select " + COLUMNS + " from sync_job where account_id = ? order by id")
                .param(accountId).query(SyncJobQueue::job).list();
    }

    /** The wait counts from when the update succeeds: a retry after a database blink must not shorten it. */
    private boolean reschedule(SyncJob job, String owner, Duration wait, String error, int attemptsGivenBack) {
        return endings.call(() -> jdbc.sql("""
                update sync_job set state = 'pending', next_run_at = ?, last_error = ?, attempts = attempts - ?,
                    lease_owner = null, lease_until = null
                where id = ? and lease_owner = ? and state = 'running'""")
                .params(utc(clock.instant().plus(wait)), truncate(error), attemptsGivenBack, job.id(), owner).update() == 1);
    }

    private static SyncJob job(ResultSet rs, int row) throws SQLException {
        return new SyncJob(rs.getLong("id"), rs.getLong("account_id"), JobKind.fromCode(rs.getString("kind")),
                DataKind.fromCode(rs.getString("data_kind")), nullableLong(rs, "window_start"),
                nullableLong(rs, "window_end"), rs.getString("state"), rs.getInt("attempts"),
                instant(rs, "next_run_at"), rs.getString("last_error"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }
}
