package dev.pulsebridge.server.withings.webhook;

import static dev.pulsebridge.server.database.SqlTimes.instant;
import static dev.pulsebridge.server.database.SqlTimes.utc;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code webhook_inbox}: notifications as received, before any work is derived from them. */
@Repository
public class WebhookInbox {

    public static final String PENDING = "pending";
    public static final String IGNORED = "ignored";

    private final JdbcClient jdbc;

    WebhookInbox(JdbcClient jdbc) {
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

    /** A bed event (applis 50/51): they carry no data to fetch, so the inbox is where they are kept. */
    public record BedEvent(boolean inBed, Instant receivedAt) {
    }

    public Optional<BedEvent> latestBedEvent(long accountId) {
        return jdbc.sql("""
                select appli, received_at from webhook_inbox where account_id = ? and appli in (50, 51)
                order by id desc fetch first 1 rows only""")
                .param(accountId)
                .query((rs, row) -> new BedEvent(rs.getInt("appli") == 50, instant(rs, "received_at")))
                .optional();
    }
}
