package dev.pulsebridge.server.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL that integration tests run against: a Testcontainers {@code postgres:16-alpine}
 * when a Docker engine is reachable, otherwise the database named by {@value #URL_VARIABLE}.
 * With neither, the run fails loudly: a suite that silently skipped its database tests would prove
 * nothing.
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
        }
        return shared;
    }

    private static TestDatabase resolve() {
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
            return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers " + container.getDockerImageName());
        }
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException(URL_VARIABLE + " must be a jdbc:postgresql: URL, got " + url);
            }
            return new TestDatabase(url, System.getenv(USER_VARIABLE), System.getenv(PASSWORD_VARIABLE),
                    URL_VARIABLE);
        }
        throw new IllegalStateException("""
                The integration tests need PostgreSQL and found none.
                Either start a Docker engine (Testcontainers then runs postgres:16-alpine by itself),
                or point the tests at a PostgreSQL 16+ database you created, e.g.
                  createdb -h 127.0.0.1 -U postgres pulsebridge_test
                  export %s='jdbc:postgresql://127.0.0.1:5432/pulsebridge_test?user=postgres'
                (%s and %s are read too if the URL carries no credentials).
                .ci/run does all of this for you.""".formatted(URL_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
