package dev.pulsebridge.server.sync;

import static dev.pulsebridge.server.database.SqlTimes.instant;
import static dev.pulsebridge.server.database.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code sync_account}. The due-time columns double as claims: a poll or reconcile is taken by moving
 * its due time forward with a compare-and-set update, so one instance among several does it.
 */
@Repository
class SyncAccountStore {

    private static final String COLUMNS = """
            account_id, webhook_mode, webhook_detail, subscribed_applis, webhook_checked_at, next_poll_at,
            next_reconcile_at, height_probed_at, last_manual_sync_at, backfill_from, backfill_started_at""";

    private final JdbcClient jdbc;

    SyncAccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<SyncAccountState> find(long accountId) {
        return jdbc.sql("select " + COLUMNS + " from sync_account where account_id = ?").param(accountId)
                .query(SyncAccountStore::state).optional();
    }

    /** A (re)link: webhooks are checked again and a new backfill plan starts now. */
    void startPlan(long accountId, long backfillFrom, Instant now, Instant nextReconcile) {
        jdbc.sql("""
                insert into sync_account (account_id, webhook_mode, next_reconcile_at, backfill_from, backfill_started_at)
                values (?, 'pending', ?, ?, ?)
                on conflict (account_id) do update set webhook_mode = 'pending', webhook_detail = null,
                    backfill_from = excluded.backfill_from, backfill_started_at = excluded.backfill_started_at,
                    next_reconcile_at = excluded.next_reconcile_at""")
                .params(accountId, utc(nextReconcile), backfillFrom, utc(now)).update();
    }

    void webhooks(long accountId, String mode, String detail, String applis, Instant now, Instant nextPoll) {
        jdbc.sql("""
                update sync_account set webhook_mode = ?, webhook_detail = ?, subscribed_applis = ?, webhook_checked_at = ?,
                    next_poll_at = ?
                where account_id = ?""")
                .params(mode, detail, applis, utc(now), nextPoll == null ? null : utc(nextPoll), accountId).update();
    }

    /** Of {@code accountIds}, those whose poll is due; only accounts in polling mode have a poll time. */
    List<Long> pollsDue(Long[] accountIds, Instant now) {
        return jdbc.sql("""
                select account_id from sync_account
                where account_id = any(?) and webhook_mode = 'polling' and next_poll_at <= ?""")
                .params(accountIds, utc(now)).query(Long.class).list();
    }

    List<Long> reconcilesDue(Long[] accountIds, Instant now) {
        return jdbc.sql("select account_id from sync_account where account_id = any(?) and next_reconcile_at <= ?")
                .params(accountIds, utc(now)).query(Long.class).list();
    }

    boolean claimPoll(long accountId, Instant now, Instant next) {
        return jdbc.sql("""
                update sync_account set next_poll_at = ?
                where account_id = ? and webhook_mode = 'polling' and next_poll_at <= ?""")
                .params(utc(next), accountId, utc(now)).update() == 1;
    }

    boolean claimReconcile(long accountId, Instant now, Instant next) {
        return jdbc.sql("update sync_account set next_reconcile_at = ? where account_id = ? and next_reconcile_at <= ?")
                .params(utc(next), accountId, utc(now)).update() == 1;
    }

    /** @return false when the patient asked less than {@code minInterval} ago */
    boolean claimManualSync(long accountId, Instant now, Duration minInterval) {
        return jdbc.sql("""
                update sync_account set last_manual_sync_at = ?
                where account_id = ? and (last_manual_sync_at is null or last_manual_sync_at <= ?)""")
                .params(utc(now), accountId, utc(now.minus(minInterval))).update() == 1;
    }

    void heightProbed(long accountId, Instant now) {
        jdbc.sql("update sync_account set height_probed_at = ? where account_id = ?").params(utc(now), accountId).update();
    }

    private static SyncAccountState state(ResultSet rs, int row) throws SQLException {
        long from = rs.getLong("backfill_from");
        Long backfillFrom = rs.wasNull() ? null : from;
        return new SyncAccountState(rs.getLong("account_id"), rs.getString("webhook_mode"),
                rs.getString("webhook_detail"), rs.getString("subscribed_applis"), instant(rs, "webhook_checked_at"),
                instant(rs, "next_poll_at"), instant(rs, "next_reconcile_at"), instant(rs, "height_probed_at"),
                instant(rs, "last_manual_sync_at"), backfillFrom, instant(rs, "backfill_started_at"));
    }
}
