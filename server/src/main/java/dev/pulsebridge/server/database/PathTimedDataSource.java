package dev.pulsebridge.server.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out pooled connections whose {@code statement_timeout} matches the borrowing thread's
 * {@link StatementPath}. Every connection opens with the background timeout; a connection is switched only
 * when the next borrower needs another one, so background work (most borrows) pays no round trip, and a
 * request pays one only when its connection last served another kind of work.
 */
final class PathTimedDataSource extends DelegatingDataSource {

    /** A timeout set inside a transaction may be rolled back with it: ask again next time. */
    private static final long UNKNOWN = -1;

    private final StatementTimeouts timeouts;
    // keyed by the driver's connection, which outlives the pool's proxy handed out per borrow
    private final Map<Connection, Long> applied = Collections.synchronizedMap(new WeakHashMap<>());

    PathTimedDataSource(DataSource pool, StatementTimeouts timeouts) {
        super(pool);
        this.timeouts = timeouts;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return timed(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return timed(super.getConnection(username, password));
    }

    private Connection timed(Connection connection) throws SQLException {
        long wanted = timeouts.millisFor(StatementPath.current());
        Connection physical = connection.unwrap(Connection.class);
        long current = applied.getOrDefault(physical, timeouts.backgroundMillis());
        if (current != wanted) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set statement_timeout = " + wanted);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            applied.put(physical, connection.getAutoCommit() ? wanted : UNKNOWN);
        }
        return connection;
    }
}
