package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code sync_cursor}: per account and data kind, the epoch second incremental sync has read up to. */
@Repository
class SyncCursorStore {

    private final JdbcClient jdbc;

    SyncCursorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Long> lastUpdate(long accountId, DataKind kind) {
        return jdbc.sql("select last_update from sync_cursor where account_id = ? and data_kind = ?")
                .params(accountId, kind.code()).query(Long.class).optional();
    }

    /** Moves the cursor forward only: a slow pass finishing late must not rewind a newer one. */
    void advance(long accountId, DataKind kind, long lastUpdate) {
        jdbc.sql("""
                insert into sync_cursor (account_id, data_kind, last_update) values (?, ?, ?)
                on conflict (account_id, data_kind) do update set last_update = excluded.last_update
                where sync_cursor.last_update < excluded.last_update""")
                .params(accountId, kind.code(), lastUpdate).update();
    }
}
