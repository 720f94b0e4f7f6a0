package dev.pulsebridge.server.database;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.stereotype.Component;

/**
 * The Hibernate properties of HAPI's persistence unit: whatever {@code spring.jpa.properties.*}
 * says, plus the HAPI dialect that matches the configured JDBC URL (HAPI reads the dialect from
 * this map and cannot auto-detect it for H2 or PostgreSQL).
 */
@Component
public class HibernateSettings {

    static final String DIALECT = "hibernate.dialect";

    private final DatabaseKind databaseKind;
    private final Map<String, String> configured;

    public HibernateSettings(DataSourceProperties dataSource, JpaProperties jpa) {
        this.databaseKind = DatabaseKind.fromJdbcUrl(dataSource.determineUrl());
        this.configured = jpa.getProperties();
    }

    public DatabaseKind databaseKind() {
        return databaseKind;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> properties = new LinkedHashMap<>(configured);
        properties.putIfAbsent(DIALECT, databaseKind.hapiDialect());
        return properties;
    }
}
