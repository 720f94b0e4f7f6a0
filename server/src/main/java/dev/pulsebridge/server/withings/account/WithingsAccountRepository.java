package dev.pulsebridge.server.withings.account;

import static dev.pulsebridge.server.database.SqlTimes.instant;
import static dev.pulsebridge.server.database.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code withings_account}. Callers own the transactions; methods named lock* take a row lock. */
@Repository
class WithingsAccountRepository {

    private static final String ACCOUNT_COLUMNS = """
            id, patient_id, status, status_reason, status_changed_at, withings_user_id, scopes, linked_at,
            token_expires_at, last_sync_at, last_error, last_error_at""";
    private static final String TOKEN_COLUMNS = """
            id, patient_id, status, withings_user_id, access_token, refresh_token, token_issued_at, token_expires_at""";

    private final JdbcClient jdbc;

    WithingsAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<WithingsAccount> findByPatient(String patientId) {
        return account("patient_id = ?", patientId);
    }

    Optional<WithingsAccount> findById(long id) {
        return account("id = ?", id);
    }

    /** The patient a Withings user is linked to, while the link is connected or disconnected. */
    Optional<WithingsAccount> findByActiveWithingsUser(String withingsUserId) {
        return account("active_withings_user = ?", withingsUserId);
    }

    Optional<WithingsAccount> lockByPatient(String patientId) {
        return account("patient_id = ? for update", patientId);
    }

    Optional<WithingsAccount> lockByActiveWithingsUser(String withingsUserId) {
        return account("active_withings_user = ? for update", withingsUserId);
    }

    List<WithingsAccount> findAll() {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from withings_account order by id")
                .query(WithingsAccountRepository::account).list();
    }

    Long[] connectedIds() {
        return jdbc.sql("select id from withings_account where status = ? order by id")
                .param(AccountStatus.CONNECTED.code()).query(Long.class).list().toArray(Long[]::new);
    }

    private Optional<WithingsAccount> account(String condition, Object value) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from withings_account where " + condition)
                .param(value).query(WithingsAccountRepository::account).optional();
    }

    Optional<SealedTokens> readTokens(long accountId) {
        return jdbc.sql("select " + TOKEN_COLUMNS + " from withings_account where id = ?")
                .param(accountId).query(WithingsAccountRepository::tokens).optional();
    }

    /** Blocks until no other transaction, in this or another server instance, holds the row. */
    Optional<SealedTokens> lockTokens(long accountId) {
        return jdbc.sql("select " + TOKEN_COLUMNS + " from withings_account where id = ? for update")
                .param(accountId).query(WithingsAccountRepository::tokens).optional();
    }

    void markSynced(long accountId, Instant at) {
        jdbc.sql("update withings_account set last_sync_at = ? where id = ? and (last_sync_at is null or last_sync_at < ?)")
                .params(utc(at), accountId, utc(at)).update();
    }

    long insertConnected(String patientId, String withingsUserId, List<String> scopes, String sealedAccess,
            String sealedRefresh, Instant issuedAt, Instant expiresAt, Instant now) {
        jdbc.sql("""
                insert into withings_account (patient_id, status, status_changed_at, withings_user_id,
                    active_withings_user, scopes, linked_at, access_token, refresh_token, token_issued_at, token_expires_at)
                values (?, 'connected', ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(patientId, utc(now), withingsUserId, withingsUserId, String.join(",", scopes), utc(now),
                        sealedAccess, sealedRefresh, utc(issuedAt), utc(expiresAt))
                .update();
        return jdbc.sql("select id from withings_account where patient_id = ?").param(patientId)
                .query(Long.class).single();
    }

    /** Relink: new tokens and user, back to connected, earlier status and errors cleared. */
    void updateConnected(long id, String withingsUserId, List<String> scopes, String sealedAccess, String sealedRefresh,
            Instant issuedAt, Instant expiresAt, Instant now) {
        jdbc.sql("""
                update withings_account set status = 'connected', status_reason = null, status_changed_at = ?,
                    withings_user_id = ?, active_withings_user = ?, scopes = ?, linked_at = ?, access_token = ?,
                    refresh_token = ?, token_issued_at = ?, token_expires_at = ?, last_error = null, last_error_at = null
                where id = ?""")
                .params(utc(now), withingsUserId, withingsUserId, String.join(",", scopes), utc(now), sealedAccess,
                        sealedRefresh, utc(issuedAt), utc(expiresAt), id)
                .update();
    }

    /** The access token and the rotated refresh token change together or not at all. */
    void storeRefreshedTokens(long id, String sealedAccess, String sealedRefresh, Instant issuedAt, Instant expiresAt) {
        jdbc.sql("""
                update withings_account set access_token = ?, refresh_token = ?, token_issued_at = ?, token_expires_at = ?
                where id = ?""")
                .params(sealedAccess, sealedRefresh, utc(issuedAt), utc(expiresAt), id)
                .update();
    }

    void markDisconnected(long id, String reason, Instant now) {
        jdbc.sql("""
                update withings_account set status = 'disconnected', status_reason = ?, status_changed_at = ?,
                    last_error = ?, last_error_at = ?
                where id = ?""")
                .params(truncate(reason), utc(now), truncate(reason), utc(now), id)
                .update();
    }

    /** Tokens are deleted, and the Withings user is free to link to another patient. */
    void markRevoked(long id, String reason, Instant now) {
        jdbc.sql("""
                update withings_account set status = 'revoked', status_reason = ?, status_changed_at = ?,
                    active_withings_user = null, access_token = null, refresh_token = null,
                    token_issued_at = null, token_expires_at = null
                where id = ?""")
                .params(truncate(reason), utc(now), id)
                .update();
    }

    void recordError(long id, String error, Instant at) {
        jdbc.sql("update withings_account set last_error = ?, last_error_at = ? where id = ?")
                .params(truncate(error), utc(at), id).update();
    }

    private static WithingsAccount account(ResultSet rs, int row) throws SQLException {
        String scopes = rs.getString("scopes");
        return new WithingsAccount(rs.getLong("id"), rs.getString("patient_id"),
                AccountStatus.fromCode(rs.getString("status")), rs.getString("status_reason"),
                instant(rs, "status_changed_at"), rs.getString("withings_user_id"),
                scopes == null || scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(",")),
                instant(rs, "linked_at"), instant(rs, "token_expires_at"), instant(rs, "last_sync_at"),
                rs.getString("last_error"), instant(rs, "last_error_at"));
    }

    private static SealedTokens tokens(ResultSet rs, int row) throws SQLException {
        return new SealedTokens(rs.getLong("id"), rs.getString("patient_id"), AccountStatus.fromCode(rs.getString("status")),
                rs.getString("withings_user_id"), rs.getString("access_token"), rs.getString("refresh_token"),
                instant(rs, "token_issued_at"), instant(rs, "token_expires_at"));
    }


    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }
}
