package dev.pulsebridge.server.readings;

import static dev.pulsebridge.server.database.SqlTimes.utc;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code reading} table: written with each Observation, read by {@code $lastn} and {@code $stats}. */
@Repository
class ReadingStore {

    /** Statuses whose values are not readings at all. */
    static final List<String> NOT_READINGS = List.of("entered-in-error", "cancelled");

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ReadingStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** The rows of these Observations become {@code rows} (none for a deleted one), in the caller's transaction. */
    void replace(Collection<String> observationIds, List<ReadingRow> rows) {
        if (observationIds.isEmpty()) {
            return;
        }
        template.update(connection -> {
            PreparedStatement delete = connection.prepareStatement("delete from reading where observation_id = any (?)");
            delete.setArray(1, connection.createArrayOf("varchar", observationIds.toArray()));
            return delete;
        });
        if (rows.isEmpty()) {
            return;
        }
        java.util.Map<List<String>, ReadingRow> series = new java.util.LinkedHashMap<>();
        rows.stream().filter(row -> row.part() == 0)
                .forEach(row -> series.putIfAbsent(List.of(row.patientId(), row.codeSystem(), row.code()), row));
        template.batchUpdate("""
                insert into reading_series (patient_id, code_system, code, codes, categories) values (?, ?, ?, ?, ?)
                on conflict do nothing""", new ArrayList<>(series.values()), 500, (statement, row) -> {
                    statement.setString(1, row.patientId());
                    statement.setString(2, row.codeSystem());
                    statement.setString(3, row.code());
                    statement.setArray(4, array(statement, row.codes()));
                    statement.setArray(5, array(statement, row.categories()));
                });
        template.batchUpdate("""
                insert into reading (observation_id, part, patient_id, code_system, code, codes, panel_codes, categories,
                    effective_at, value, unit_system, unit, status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows, 500, (statement, row) -> {
                    statement.setString(1, row.observationId());
                    statement.setInt(2, row.part());
                    statement.setString(3, row.patientId());
                    statement.setString(4, row.codeSystem());
                    statement.setString(5, row.code());
                    statement.setArray(6, array(statement, row.codes()));
                    statement.setArray(7, array(statement, row.panelCodes()));
                    statement.setArray(8, array(statement, row.categories()));
                    statement.setObject(9, row.effectiveAt() == null ? null : utc(row.effectiveAt()));
                    statement.setBigDecimal(10, row.value());
                    statement.setString(11, row.unitSystem());
                    statement.setString(12, row.unit());
                    statement.setString(13, row.status());
                });
    }

    private static Array array(PreparedStatement statement, List<String> values) throws SQLException {
        return statement.getConnection().createArrayOf("text", values.toArray());
    }

    /**
     * The ids of the newest {@code max} Observations per code of these patients (every patient when empty),
     * newest first within a code; {@code from} and {@code to} (inclusive) bound the effective time when set.
     *
     * @param codes      tokens any of which the Observation's code must carry (empty: any code)
     * @param categories likewise for its category
     */
    List<String> latest(List<String> patients, List<String> codes, List<String> categories, Instant from, Instant to,
            int max) {
        // each code's newest rows come from the (patient, code, effective_at desc) index, a few rows per code,
        // instead of ranking every reading the patient has
        StringBuilder filters = new StringBuilder(" and r.status <> all (?)");
        List<Object> filterParameters = new ArrayList<>();
        filterParameters.add(NOT_READINGS.toArray(String[]::new));
        if (!codes.isEmpty()) {
            filters.append(" and r.codes && ?::text[]");
            filterParameters.add(codes.toArray(String[]::new));
        }
        if (!categories.isEmpty()) {
            filters.append(" and r.categories && ?::text[]");
            filterParameters.add(categories.toArray(String[]::new));
        }
        if (from != null) {
            filters.append(" and r.effective_at >= ?");
            filterParameters.add(utc(from));
        }
        if (to != null) {
            filters.append(" and r.effective_at <= ?");
            filterParameters.add(utc(to));
        }
        // in the order the placeholders appear: the lateral's filters, its limit, then which series
        List<Object> parameters = new ArrayList<>(filterParameters);
        parameters.add(max);
        StringBuilder seriesFilter = new StringBuilder(" where true");
        if (!patients.isEmpty()) {
            seriesFilter.append(" and series.patient_id = any (?)");
            parameters.add(patients.toArray(String[]::new));
        }
        // a series of other codes or categories would otherwise be walked to its end for nothing
        if (!codes.isEmpty()) {
            seriesFilter.append(" and series.codes && ?::text[]");
            parameters.add(codes.toArray(String[]::new));
        }
        if (!categories.isEmpty()) {
            seriesFilter.append(" and series.categories && ?::text[]");
            parameters.add(categories.toArray(String[]::new));
        }
        // readings without an effective time have no place in "the latest"; leaving them out lets each
        // series be read newest-first straight off the index
        String sql = """
                select newest.observation_id from reading_series series cross join lateral (
                  select r.observation_id, r.effective_at from reading r
                  where r.patient_id = series.patient_id and r.code_system = series.code_system and r.code = series.code
                    and r.part = 0 and r.effective_at is not null%s
                  order by r.effective_at desc limit ?) newest%s
                order by series.code_system, series.code, series.patient_id, newest.effective_at desc,
                  newest.observation_id desc""".formatted(filters, seriesFilter);
        return jdbc.sql(sql).params(parameters).query(String.class).list();
    }

    /** A value to compute statistics over. */
    record Value(String observationId, String codeSystem, String code, BigDecimal value, String unitSystem, String unit,
            Instant effectiveAt) {
    }

    /** Every quantity value of one patient whose code, or whose panel's code, carries one of {@code codes}. */
    List<Value> values(String patient, List<String> codes, Instant from, Instant to) {
        return jdbc.sql("""
                select observation_id, code_system, code, value, unit_system, unit, effective_at from reading
                where patient_id = ? and value is not null and status <> all (?)
                  and (codes && ?::text[] or panel_codes && ?::text[]) and effective_at >= ? and effective_at <= ?
                order by effective_at""")
                .params(patient, NOT_READINGS.toArray(String[]::new), codes.toArray(String[]::new),
                        codes.toArray(String[]::new), utc(from), utc(to))
                .query((rs, row) -> new Value(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, java.time.OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Days with readings: per patient ({@code code} null) and per patient and code. */
    record ReadingDays(String patientId, String codeSystem, String code, int days, Instant latest) {
    }

    /**
     * For each patient, the number of calendar days (in {@code zone}) since {@code from} on which any reading
     * was taken, and the same per code; entered-in-error and cancelled readings do not count.
     */
    List<ReadingDays> readingDays(List<String> patients, Instant from, java.time.ZoneId zone) {
        return jdbc.sql("""
                select patient_id, code_system, code, grouping(code_system, code) as overall,
                       count(distinct (effective_at at time zone ?)::date) as days, max(effective_at) as latest
                from reading
                where part = 0 and patient_id = any (?) and status <> all (?) and effective_at >= ?
                group by grouping sets ((patient_id), (patient_id, code_system, code))
                order by patient_id, overall desc, code_system, code""")
                .params(zone.getId(), patients.toArray(String[]::new), NOT_READINGS.toArray(String[]::new), utc(from))
                .query((rs, row) -> new ReadingDays(rs.getString(1), rs.getInt(4) != 0 ? null : rs.getString(2),
                        rs.getInt(4) != 0 ? null : rs.getString(3), rs.getInt(5),
                        rs.getObject(6, java.time.OffsetDateTime.class).toInstant()))
                .list();
    }
}
