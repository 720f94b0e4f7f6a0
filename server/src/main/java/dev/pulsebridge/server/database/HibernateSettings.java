package dev.pulsebridge.server.database;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.stereotype.Component;

/**
 * The Hibernate properties of HAPI's persistence unit: whatever {@code spring.jpa.properties.*}
 * says, plus HAPI's PostgreSQL dialect (HAPI reads the dialect from this map; plain Hibernate
 * dialects break its column types). Pulsebridge runs on PostgreSQL only, so any other JDBC URL is
 * refused here, before HAPI or Flyway try it.
 */
@Component
public class HibernateSettings {

    static final String DIALECT = "hibernate.dialect";
    static final String HAPI_POSTGRES_DIALECT = "ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect";

    private final Map<String, String> configured;

    public HibernateSettings(DataSourceProperties dataSource, JpaProperties jpa) {
        requirePostgres(dataSource.determineUrl());
        this.configured = jpa.getProperties();
    }

    public Map<String, Object> asMap() {
        Map<String, Object> properties = new LinkedHashMap<>(configured);
        properties.putIfAbsent(DIALECT, HAPI_POSTGRES_DIALECT);
        return properties;
    }

    static void requirePostgres(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Unsupported database URL '" + redact(jdbcUrl) + "': Pulsebridge runs "
                    + "on PostgreSQL (jdbc:postgresql://host:port/db), or leave spring.datasource.url unset to use "
                    + "the embedded one");
        }
    }

    /** URLs may carry a password parameter; only the part before the query is safe to echo. */
    private static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "";
        }
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }
}
