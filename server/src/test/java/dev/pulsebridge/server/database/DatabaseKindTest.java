package dev.pulsebridge.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseKindTest {

    @Test
    void postgresUrlSelectsHapisPostgresDialect() {
        assertThat(DatabaseKind.fromJdbcUrl("jdbc:postgresql://db:5432/pulsebridge").hapiDialect())
                .isEqualTo("ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect");
    }

    @Test
    void h2FileUrlSelectsHapisH2Dialect() {
        assertThat(DatabaseKind.fromJdbcUrl("jdbc:h2:file:./data/pulsebridge").hapiDialect())
                .isEqualTo("ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect");
    }

    @Test
    void unsupportedDatabaseIsRefusedWithoutEchoingCredentials() {
        assertThatThrownBy(() -> DatabaseKind.fromJdbcUrl("jdbc:mysql://db/x?user=a&password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://db/x?...")
                .hasMessageNotContaining("secret");
    }
}
