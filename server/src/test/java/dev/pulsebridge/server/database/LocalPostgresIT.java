package dev.pulsebridge.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL on its own: its data outlives it, it is private, and a killed owner's server is recovered. */
class LocalPostgresIT {

    @TempDir
    Path home;

    @Test
    void dataWrittenBeforeAStopIsThereAfterTheNextStart() throws Exception {
        try (LocalPostgres first = LocalPostgres.start(home, 0)) {
            execute(first, "create table kept (reading integer)", "insert into kept values (42)");
        }
        assertThat(home.resolve("pgdata/postmaster.pid")).as("stopped, not abandoned").doesNotExist();

        try (LocalPostgres second = LocalPostgres.start(home, 0)) {
            assertThat(queryInt(second, "select reading from kept")).isEqualTo(42);
        }
    }

    @Test
    void connectionsWithoutThePasswordAreRefused() {
        try (LocalPostgres postgres = LocalPostgres.start(home, 0)) {
            Properties noPassword = new Properties();
            noPassword.setProperty("user", postgres.username());

            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), noPassword).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThat(home.resolve("password")).content().isEqualTo(postgres.password());
        }
    }

    @Test
    void aSecondOwnerOfTheSameDataIsRefused() {
        try (LocalPostgres owner = LocalPostgres.start(home, 0)) {
            assertThatThrownBy(() -> LocalPostgres.start(home, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another Pulsebridge process");
            assertThat(queryInt(owner, "select 1")).isEqualTo(1);
        }
    }

    @Test
    void serverLeftRunningByAKilledProcessIsStoppedAndItsDataServed() throws Exception {
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartAndWait.class.getName(), home.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(StartAndWait.READY)) {
                // the child's log lines
            }
            assertThat(line).as("child started its PostgreSQL").isEqualTo(StartAndWait.READY);
        }
        owner.destroyForcibly(); // SIGKILL: no shutdown hook runs, the server stays up without its owner
        assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(home.resolve("pgdata/postmaster.pid")).exists();

        try (LocalPostgres next = LocalPostgres.start(home, 0)) {
            assertThat(queryInt(next, "select reading from kept")).isEqualTo(7);
        }
    }

    /** Run in a child JVM: starts the server, writes a row, says so, then waits to be killed. */
    public static final class StartAndWait {
        static final String READY = "pulsebridge-test-ready";

        public static void main(String[] args) throws Exception {
            LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]), 0);
            execute(postgres, "create table kept (reading integer)", "insert into kept values (7)");
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    static void execute(LocalPostgres postgres, String... statements) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static int queryInt(LocalPostgres postgres, String sql) {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Connection connect(LocalPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
