package dev.pulsebridge.server.withings.link;

import static dev.pulsebridge.server.database.SqlTimes.instant;
import static dev.pulsebridge.server.database.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code withings_link}. */
@Repository
class LinkRepository {

    private static final String COLUMNS = "id, patient_id, redirect_uri, created_at, expires_at, used_at, last_error, backfill";

    private final JdbcClient jdbc;

    LinkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String patientId, String linkTokenHash, String redirectUri, Instant createdAt, Instant expiresAt,
            String backfill) {
        jdbc.sql("""
                insert into withings_link (patient_id, link_token_hash, redirect_uri, created_at, expires_at, backfill)
                values (?, ?, ?, ?, ?, ?)""")
                .params(patientId, linkTokenHash, redirectUri, utc(createdAt), utc(expiresAt), backfill)
                .update();
    }

    Optional<PatientLink> findByTokenHash(String linkTokenHash) {
        return jdbc.sql("select " + COLUMNS + " from withings_link where link_token_hash = ?")
                .param(linkTokenHash).query(LinkRepository::link).optional();
    }

    Optional<PatientLink> findByStateHash(String stateHash) {
        return jdbc.sql("select " + COLUMNS + " from withings_link where state_hash = ?")
                .param(stateHash).query(LinkRepository::link).optional();
    }

    /** The most recent link for the patient, whatever became of it. */
    Optional<PatientLink> latestForPatient(String patientId) {
        return jdbc.sql("select " + COLUMNS + " from withings_link where patient_id = ? order by created_at desc, id desc "
                        + "fetch first 1 rows only")
                .param(patientId).query(LinkRepository::link).optional();
    }

    /** The link the patient completed most recently. */
    Optional<PatientLink> lastUsedForPatient(String patientId) {
        return jdbc.sql("select " + COLUMNS + " from withings_link where patient_id = ? and used_at is not null "
                        + "order by used_at desc fetch first 1 rows only")
                .param(patientId).query(LinkRepository::link).optional();
    }

    /** A new state per opening, so only the most recent consent page can complete the link. */
    void replaceState(long id, String stateHash) {
        jdbc.sql("update withings_link set state_hash = ? where id = ?").params(stateHash, id).update();
    }

    /** @return false if the link was used in the meantime */
    boolean markUsed(long id, Instant at) {
        return jdbc.sql("update withings_link set used_at = ?, last_error = null where id = ? and used_at is null")
                .params(utc(at), id).update() == 1;
    }

    void recordError(long id, String error) {
        jdbc.sql("update withings_link set last_error = ? where id = ?")
                .params(error.length() > 1000 ? error.substring(0, 1000) : error, id).update();
    }

    private static PatientLink link(ResultSet rs, int row) throws SQLException {
        return new PatientLink(rs.getLong("id"), rs.getString("patient_id"), rs.getString("redirect_uri"),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "used_at"), rs.getString("last_error"),
                rs.getString("backfill"));
    }

}
