package dev.pulsebridge.server.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code audit_outbox}: audit records waiting to become AuditEvents. The only code that touches it. */
@Repository
class AuditOutbox {

    record Pending(long id, String eventJson) {
    }

    private final JdbcClient jdbc;

    AuditOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(Instant recordedAt, String eventJson) {
        jdbc.sql("insert into audit_outbox (recorded_at, event_json) values (?, ?)")
                .params(Timestamp.from(recordedAt), eventJson).update();
    }

    /** Takes the oldest records for the caller's transaction: deleted when it commits, back if it rolls back. */
    List<Pending> take(int limit) {
        return jdbc.sql("""
                delete from audit_outbox where id in (
                    select id from audit_outbox order by id fetch first ? rows only for update skip locked)
                returning id, event_json""")
                .param(limit).query((rs, row) -> new Pending(rs.getLong("id"), rs.getString("event_json"))).list();
    }

    long waiting() {
        return jdbc.sql("select count(*) from audit_outbox").query(Long.class).single();
    }
}
