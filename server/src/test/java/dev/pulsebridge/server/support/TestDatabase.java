package dev.pulsebridge.server.support;

import dev.pulsebridge.server.database.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL that integration tests run against, found without any setup, in this order:
 * <ol>
 *   <li>the database named by {@value #URL_VARIABLE} (CI points it at the machine's PostgreSQL service);</li>
 *   <li>a Testcontainers {@code postgres:17-alpine} when a Docker engine answers;</li>
 *   <li>otherwise the server's own embedded PostgreSQL ({@link LocalPostgres}) in a fresh temporary
 *       folder, stopped when the test JVM exits.</li>
 * </ol>
 */
public record TestDatabase(String jdbcUrl, String username, String password, String origin) {

    public static final String URL_VARIABLE = "PULSEBRIDGE_TEST_JDBC_URL";
    public static final String USER_VARIABLE = "PULSEBRIDGE_TEST_JDBC_USER";
    public static final String PASSWORD_VARIABLE = "PULSEBRIDGE_TEST_JDBC_PASSWORD";

    private static TestDatabase shared;

    /** One database for the whole test JVM, so the Spring context cache can share one context. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            shared = resolve();
            System.out.println("Integration tests run on PostgreSQL from " + shared.origin());
        }
        return shared;
    }

    private static TestDatabase resolve() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException(URL_VARIABLE + " must be a jdbc:postgresql: URL, got " + url);
            }
            return new TestDatabase(url, System.getenv(USER_VARIABLE), System.getenv(PASSWORD_VARIABLE),
                    URL_VARIABLE);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
            container.start();
            return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers " + container.getDockerImageName());
        }
        LocalPostgres postgres = LocalPostgres.start(temporaryHome(), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            postgres.close();
            deleteTree(postgres.home());
        }, "test-postgres-stop"));
        return new TestDatabase(postgres.jdbcUrl(), postgres.username(), postgres.password(),
                "the embedded PostgreSQL in " + postgres.home());
    }

    private static Path temporaryHome() {
        try {
            return Files.createTempDirectory("pulsebridge-test-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
