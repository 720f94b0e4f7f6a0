package dev.pulsebridge.server.database;

import java.util.Arrays;
import java.util.Locale;

/**
 * The databases Pulsebridge runs on, recognised from the JDBC URL alone so that choosing PostgreSQL
 * takes one setting (the URL) and the HAPI dialect can never disagree with it.
 */
public enum DatabaseKind {
    H2("jdbc:h2:", "ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect"),
    POSTGRESQL("jdbc:postgresql:", "ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect");

    private final String urlPrefix;
    private final String hapiDialect;

    DatabaseKind(String urlPrefix, String hapiDialect) {
        this.urlPrefix = urlPrefix;
        this.hapiDialect = hapiDialect;
    }

    /** HAPI's own Hibernate dialect for this database; plain Hibernate dialects break HAPI's column types. */
    public String hapiDialect() {
        return hapiDialect;
    }

    public static DatabaseKind fromJdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("spring.datasource.url is not set");
        }
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> url.startsWith(kind.urlPrefix))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unsupported database URL '" + redact(jdbcUrl) + "': Pulsebridge runs on H2 (jdbc:h2:...) "
                                + "or PostgreSQL (jdbc:postgresql://host:port/db)"));
    }

    /** URLs may carry a password parameter; only the scheme and host part is safe to echo. */
    private static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }
}
