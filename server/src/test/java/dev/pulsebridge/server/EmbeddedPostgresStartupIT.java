package dev.pulsebridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import dev.pulsebridge.server.support.OAuthTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.CapabilityStatement;
import org.hl7.fhir.r5.model.Enumerations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The no-setup default, run as {@code java -jar} runs it (no datasource configured), in contexts of its
 * own beside the shared test context: the server starts its own PostgreSQL, keeps the data across
 * restarts, stops it with itself, and answers FHIR only once it is ready.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresStartupIT {

    private static final FhirContext FHIR = FhirContext.forR5Cached();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;

    @Test
    void serverStartsItsOwnPostgresqlAndKeepsDataAcrossARestart() throws Exception {
        int port = freePort();
        String patientId = "startup-" + Instant.now().toEpochMilli();
        try (ConfigurableApplicationContext first = start(port)) {
            HttpResponse<String> metadata = get(port, "/fhir/metadata");
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(FHIR.newJsonParser().parseResource(CapabilityStatement.class, metadata.body()).getFhirVersion())
                    .isEqualTo(Enumerations.FHIRVersion._5_0_0);
            assertThat(actuator(port, "/actuator/health").body()).contains("\"database\":\"PostgreSQL\"");
            assertThat(send(port, HttpRequest.newBuilder(URI.create(base(port) + "/fhir/Patient/" + patientId))
                    .header("Content-Type", "application/fhir+json").header("Authorization", bearer(port))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"id\":\"" + patientId
                            + "\",\"name\":[{\"family\":\"Kept\"}]}"))).statusCode()).isEqualTo(201);
        }
        assertThat(data.resolve("postgres/pgdata/postmaster.pid")).as("PostgreSQL stopped with the server").doesNotExist();
        assertThat(data.resolve("secrets.key")).as("generated development key").exists();

        try (ConfigurableApplicationContext second = start(port)) {
            HttpResponse<String> patient = read(port, "/fhir/Patient/" + patientId);
            assertThat(patient.statusCode()).isEqualTo(200);
            assertThat(patient.body()).contains("Kept");
        }
    }

    @Test
    void fhirAnswersOnlyOnceTheGeneratedTerminologyAndTopicsArePublished() throws Exception {
        int port = freePort();
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() -> start(port));
        List<HttpResponse<String>> beforeReady = new ArrayList<>();
        HttpResponse<String> metadata = null;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (metadata == null && Instant.now().isBefore(deadline) && !starting.isCompletedExceptionally()) {
            try {
                HttpResponse<String> response = get(port, "/fhir/metadata");
                if (response.statusCode() == 200) {
                    metadata = response;
                } else {
                    beforeReady.add(response);
                }
            } catch (IOException notListeningYet) {
                Thread.onSpinWait();
            }
        }
        try (ConfigurableApplicationContext context = starting.join()) {
            assertThat(metadata).as("metadata answered").isNotNull();
            // the first 200 already finds everything startup publishes
            assertThat(total(read(port, "/fhir/ConceptMap?url=https://pulsebridge.dev/fhir/ConceptMap/withings-to-loinc")))
                    .isEqualTo(1);
            assertThat(total(read(port, "/fhir/SubscriptionTopic?_summary=count"))).isEqualTo(7);
            assertThat(read(port, "/fhir/SearchParameter/pb-retired-observation-combo-code").statusCode()).isEqualTo(200);
            assertThat(beforeReady).as("held back while starting").isNotEmpty().allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("5");
                assertThat(response.body()).contains("OperationOutcome").contains("not ready");
            });
            assertThat(actuator(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFreshInstallWithoutClientsPrintsAnAdminSecretOnceAndItGetsATokenAfterARestart(@TempDir Path fresh,
            CapturedOutput output) throws Exception {
        int port = freePort();
        String[] args = {"--server.port=" + port, "--spring.jmx.enabled=false",
                "--pulsebridge.database.embedded.directory=" + fresh.resolve("postgres"),
                "--pulsebridge.secrets.dev-key-file=" + fresh.resolve("secrets.key")};
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(PulsebridgeApplication.class).run(args)) {
            assertThat(output.getOut()).contains("created client 'pulsebridge-admin'");
        }
        Matcher printed = Pattern.compile("and secret (\\S+) \\(shown once").matcher(output.getOut());
        assertThat(printed.find()).isTrue();
        int printedBefore = output.getOut().split("created client 'pulsebridge-admin'", -1).length - 1;

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PulsebridgeApplication.class).run(args)) {
            assertThat(output.getOut().split("created client 'pulsebridge-admin'", -1).length - 1)
                    .as("the secret is shown once, not at every start").isEqualTo(printedBefore);
            assertThat(OAuthTokens.clientCredentials(base(port), "pulsebridge-admin", printed.group(1), "system/*.cruds")
                    .path("access_token").asText()).isNotBlank();
        }
    }

    private static ConfigurableApplicationContext start(int port) {
        return new SpringApplicationBuilder(PulsebridgeApplication.class).run("--server.port=" + port,
                "--spring.jmx.enabled=false",
                "--pulsebridge.database.embedded.directory=" + data.resolve("postgres"),
                "--pulsebridge.secrets.dev-key-file=" + data.resolve("secrets.key"),
                "--pulsebridge.security.clients[0].client-id=startup-test",
                "--pulsebridge.security.clients[0].client-secret={noop}startup-secret",
                "--pulsebridge.security.clients[0].scopes=system/*.cruds");
    }

    private static int total(HttpResponse<String> searchset) {
        assertThat(searchset.statusCode()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, searchset.body()).getTotal();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return send(port, HttpRequest.newBuilder(URI.create(base(port) + path)).header("Accept", "application/fhir+json"));
    }

    /** A GET with a backend token, as any client reading patient data needs one. */
    private static HttpResponse<String> read(int port, String path) throws IOException, InterruptedException {
        return send(port, HttpRequest.newBuilder(URI.create(base(port) + path)).header("Accept", "application/fhir+json")
                .header("Authorization", bearer(port)));
    }

    private static String bearer(int port) {
        return "Bearer " + OAuthTokens.clientCredentials(base(port), "startup-test", "startup-secret", "system/*.cruds")
                .path("access_token").asText();
    }

    private static HttpResponse<String> actuator(int port, String path) throws IOException, InterruptedException {
        return send(port, HttpRequest.newBuilder(URI.create(base(port) + path)));
    }

    private static HttpResponse<String> send(int port, HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base(int port) {
        return "http://localhost:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
