package dev.pulsebridge.server.withings.webhook;

import static dev.pulsebridge.server.database.SqlTimes.instant;
import static dev.pulsebridge.server.database.SqlTimes.utc;

import dev.pulsebridge.server.withings.WithingsNotificationCategory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code webhook_inbox}: Withings notifications as received, before any work is derived from them. The
 * only code that reads or writes the table: the sync engine takes pending notifications through
 * {@link #claimPending} and marks them with {@link #markDispatched}.
 */
@Repository
public class WithingsWebhookInbox {

    public static final String PENDING = "pending";
    public static final String IGNORED = "ignored";
    static final String DISPATCHED = "dispatched";

    private final JdbcClient jdbc;

    WithingsWebhookInbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void store(WithingsNotification notification, String rawBody, Long accountId, String outcome, String detail,
            Instant receivedAt) {
        jdbc.sql("""
                insert into webhook_inbox (received_at, withings_user_id, appli, start_date, end_date, event_date, action,
                    device_id, raw_body, account_id, outcome, outcome_detail, processed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(utc(receivedAt), notification.withingsUserId(), notification.appli(), notification.startDate(),
                        notification.endDate(), notification.date(), notification.action(), notification.deviceId(),
                        rawBody.length() > 2000 ? rawBody.substring(0, 2000) : rawBody, accountId, outcome, detail,
                        IGNORED.equals(outcome) ? utc(receivedAt) : null)
                .update();
    }

    /** A stored notification that no work has been derived from yet, and when it reached us. */
    public record PendingNotification(long id, long accountId, String withingsUserId, int appli, Long startDate,
            Long endDate, String action, Instant receivedAt) {
    }

    /**
     * Locks up to {@code limit} pending notifications, oldest first, for the caller's transaction; rows
     * another instance holds are skipped, not waited for.
     */
    public List<PendingNotification> claimPending(int limit) {
        return jdbc.sql("""
                select id, account_id, withings_user_id, appli, start_date, end_date, action, received_at from webhook_inbox
                where outcome = ? order by id fetch first ? rows only for update skip locked""")
                .params(PENDING, limit).query(WithingsWebhookInbox::pending).list();
    }

    /** The work the notification asked for exists now; {@code detail} says what it was. */
    public void markDispatched(long id, String detail, Instant at) {
        jdbc.sql("update webhook_inbox set outcome = ?, outcome_detail = ?, processed_at = ? where id = ?")
                .params(DISPATCHED, detail, utc(at), id).update();
    }

    private static PendingNotification pending(ResultSet rs, int row) throws SQLException {
        long start = rs.getLong("start_date");
        boolean noStart = rs.wasNull();
        long end = rs.getLong("end_date");
        boolean noEnd = rs.wasNull();
        return new PendingNotification(rs.getLong("id"), rs.getLong("account_id"), rs.getString("withings_user_id"),
                rs.getInt("appli"), noStart ? null : start, noEnd ? null : end, rs.getString("action"),
                instant(rs, "received_at"));
    }

    /** A bed event (bed in / bed out): they carry no data to fetch, so the inbox is where they are kept. */
    public record BedEvent(boolean inBed, Instant receivedAt) {
    }

    public Optional<BedEvent> latestBedEvent(long accountId) {
        int in = WithingsNotificationCategory.BED_IN.appli();
        return jdbc.sql("""
                select appli, received_at from webhook_inbox where account_id = ? and appli in (?, ?)
                order by id desc fetch first 1 rows only""")
                .params(accountId, in, WithingsNotificationCategory.BED_OUT.appli())
                .query((rs, row) -> new BedEvent(rs.getInt("appli") == in, instant(rs, "received_at")))
                .optional();
    }
}
