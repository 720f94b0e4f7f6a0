package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code synced_record}: what each Withings record last produced in FHIR. It lets a re-read skip
 * records that did not change and find the ones Withings no longer has. Callers own the transaction,
 * so the ledger and the FHIR write commit together.
 */
@Repository
class RecordLedger {

    private final JdbcClient jdbc;

    RecordLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param resourceIds typed ids such as {@code Observation/wobs-...} */
    record Entry(String recordKey, long recordTime, String contentHash, Set<String> resourceIds, boolean retired) {
    }

    Map<String, Entry> find(long accountId, Collection<String> recordKeys) {
        if (recordKeys.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                select record_key, record_time, content_hash, resource_ids, retired from synced_record
                where account_id = :account and record_key in (:keys)""")
                .param("account", accountId).param("keys", recordKeys)
                .query(RecordLedger::entry).list().stream()
                .collect(Collectors.toMap(Entry::recordKey, Function.identity()));
    }

    /** Records still live whose time falls within {@code [start, end]}. */
    List<Entry> liveWithin(long accountId, DataKind kind, long start, long end) {
        return jdbc.sql("""
                select record_key, record_time, content_hash, resource_ids, retired from synced_record
                where account_id = ? and data_kind = ? and record_time between ? and ? and retired = false""")
                .params(accountId, kind.code(), start, end).query(RecordLedger::entry).list();
    }

    void save(long accountId, DataKind kind, Entry entry, boolean exists) {
        String ids = String.join(" ", entry.resourceIds());
        if (exists) {
            jdbc.sql("""
                    update synced_record set data_kind = ?, record_time = ?, content_hash = ?, resource_ids = ?, retired = ?
                    where account_id = ? and record_key = ?""")
                    .params(kind.code(), entry.recordTime(), entry.contentHash(), ids, entry.retired(), accountId,
                            entry.recordKey())
                    .update();
        } else {
            jdbc.sql("""
                    insert into synced_record (account_id, record_key, data_kind, record_time, content_hash, resource_ids, retired)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(accountId, entry.recordKey(), kind.code(), entry.recordTime(), entry.contentHash(), ids,
                            entry.retired())
                    .update();
        }
    }

    void retire(long accountId, String recordKey) {
        jdbc.sql("update synced_record set retired = true where account_id = ? and record_key = ?")
                .params(accountId, recordKey).update();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        Set<String> ids = Arrays.stream(rs.getString("resource_ids").split(" "))
                .filter(id -> !id.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        return new Entry(rs.getString("record_key"), rs.getLong("record_time"), rs.getString("content_hash"), ids,
                rs.getBoolean("retired"));
    }
}
