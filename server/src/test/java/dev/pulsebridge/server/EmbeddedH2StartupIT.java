package dev.pulsebridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.hl7.fhir.r5.model.CapabilityStatement;
import org.hl7.fhir.r5.model.Enumerations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The no-setup default: the server starts on an embedded H2 file database and answers FHIR R5.
 * Runs the application as {@code java -jar} would, in its own context beside the shared one.
 */
class EmbeddedH2StartupIT {

    @Test
    void serverStartsOnEmbeddedH2AndServesR5Metadata(@TempDir Path dataDirectory) throws Exception {
        String h2Url = "jdbc:h2:file:" + dataDirectory.resolve("pulsebridge").toAbsolutePath();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PulsebridgeApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + h2Url, "--spring.jmx.enabled=false",
                        "--pulsebridge.secrets.dev-key-file=" + dataDirectory.resolve("secrets.key"))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();

            HttpResponse<String> metadata = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/metadata"))
                            .header("Accept", "application/fhir+json").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metadata.statusCode()).isEqualTo(200);
            CapabilityStatement capabilities = FhirContext.forR5Cached().newJsonParser()
                    .parseResource(CapabilityStatement.class, metadata.body());
            assertThat(capabilities.getFhirVersion()).isEqualTo(Enumerations.FHIRVersion._5_0_0);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"db\"").contains("\"database\":\"H2\"");
            assertThat(dataDirectory.resolve("secrets.key")).as("generated development key").exists();
        }
    }
}
