package dev.pulsebridge.server.withings.webhook;

import static dev.pulsebridge.server.database.SqlTimes.utc;

import java.time.Instant;
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
}
