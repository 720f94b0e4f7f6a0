package dev.pulsebridge.server.sync.dispatch;

import static dev.pulsebridge.server.database.SqlTimes.utc;

import dev.pulsebridge.server.sync.queue.DataKind;
import dev.pulsebridge.server.sync.queue.JobKind;
import dev.pulsebridge.server.sync.queue.SyncJobs;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns stored notifications into sync work. A batch of pending inbox rows is claimed (skipping rows
 * another instance holds), routed, and marked dispatched in the same transaction as the jobs it
 * creates: a crash either keeps the rows pending or commits both, so nothing is lost or doubled.
 */
@Component
public class InboxDispatcher {

    static final Duration BURST_WINDOW = Duration.ofSeconds(3);
    static final Duration BURST_DELAY = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SyncJobs jobs;
    private final WithingsAccounts accounts;
    private final Clock clock = Clock.systemUTC();

    InboxDispatcher(JdbcClient jdbc, TransactionTemplate transactions, SyncJobs jobs, WithingsAccounts accounts) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.jobs = jobs;
        this.accounts = accounts;
    }

    private record Pending(long id, long accountId, String withingsUserId, int appli, Long start, Long end,
            String action) {
    }

    /** @return how many notifications were dispatched */
    public int dispatch(int batchSize) {
        Integer done = transactions.execute(status -> {
            List<Pending> batch = jdbc.sql("""
                    select id, account_id, withings_user_id, appli, start_date, end_date, action from webhook_inbox
                    where outcome = 'pending' order by id fetch first ? rows only for update skip locked""")
                    .param(batchSize).query(InboxDispatcher::pending).list();
            for (Pending notification : batch) {
                NotificationRoute route = NotificationRoute.of(notification.appli(), notification.action());
                route.fetch().ifPresent(kind -> jobs.enqueue(notification.accountId(), JobKind.WEBHOOK, kind,
                        widen(notification.start(), -NotificationRoute.WINDOW_MARGIN_SECONDS),
                        widen(notification.end(), NotificationRoute.WINDOW_MARGIN_SECONDS),
                        delay(notification.accountId(), kind)));
                if (route.accountEnded()) {
                    accounts.revokeWithingsUser(notification.withingsUserId(),
                            "Withings reported the user's " + notification.action() + " (notification appli 46)");
                }
                jdbc.sql("update webhook_inbox set outcome = 'dispatched', outcome_detail = ?, processed_at = ? where id = ?")
                        .params(route.detail(), utc(clock.instant()),
                                notification.id())
                        .update();
            }
            return batch.size();
        });
        return done == null ? 0 : done;
    }

    /**
     * A lone notification is fetched at once. One arriving right after another for the same data waits a
     * moment, so the rest of a burst (a scale syncing a week of weigh-ins) merges into the same fetch.
     */
    private Duration delay(long accountId, DataKind kind) {
        return jobs.queuedSince(accountId, JobKind.WEBHOOK, kind, clock.instant().minus(BURST_WINDOW))
                ? BURST_DELAY : Duration.ZERO;
    }

    private static Long widen(Long epochSeconds, long by) {
        return epochSeconds == null ? null : epochSeconds + by;
    }

    private static Pending pending(ResultSet rs, int row) throws SQLException {
        long start = rs.getLong("start_date");
        boolean noStart = rs.wasNull();
        long end = rs.getLong("end_date");
        boolean noEnd = rs.wasNull();
        return new Pending(rs.getLong("id"), rs.getLong("account_id"), rs.getString("withings_user_id"),
                rs.getInt("appli"), noStart ? null : start, noEnd ? null : end, rs.getString("action"));
    }
}
