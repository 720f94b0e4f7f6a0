package dev.pulsebridge.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ActuatorIT extends ServerIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsUpAndIncludesThePostgresDatabase() throws Exception {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\"").contains("\"database\":\"PostgreSQL\"");
    }

    @Test
    void prometheusExposesHttpAndConnectionPoolMetrics() throws Exception {
        get("/fhir/metadata");

        HttpResponse<String> metrics = get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("hikaricp_connections_active")
                .contains("http_server_requests_seconds_count")
                .contains("application=\"pulsebridge\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", bearer()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
