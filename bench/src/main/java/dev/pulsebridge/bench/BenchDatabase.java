package dev.pulsebridge.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL database the run owns: created empty at the start, measured at the end. */
public final class BenchDatabase {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;

    public BenchDatabase(String host, int port, String user, String password, String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + name);
        }
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Drops the database if it exists (closing its connections) and creates it empty. */
    public void recreate() {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the benchmark database on " + host + ":" + port
                    + " as " + user + " (" + e.getMessage() + "). Start PostgreSQL or pass --pg-host/--pg-port/--pg-user.", e);
        }
    }

    public long sizeBytes() {
        return queryLong("select pg_database_size(current_database())");
    }

    public long queryLong(String sql) {
        try (Connection connection = connect(name); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row, as text. */
    public java.util.List<String> queryStrings(String sql) {
        try (Connection connection = connect(name); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            java.util.List<String> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Ends every other connection to the database, as a PostgreSQL restart does to the server's pool. */
    public int terminateConnections() {
        return (int) queryLong("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                + "where datname = current_database() and pid <> pg_backend_pid()");
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user,
                password == null ? "" : password);
    }
}
