package dev.pulsebridge.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.database.StatementPath;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What one request may cost: its body is bounded, and so is every SQL statement it causes, by its path. */
class RequestBoundsIT extends ServerIntegrationTest {

    private static final int DEFAULT_LIMIT = 16 * 1024 * 1024;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aBodyDeclaredLargerThanTheBoundIsRefusedUnread() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /fhir/Patient HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer() + "\r\n"
                    + "Content-Type: application/fhir+json\r\nContent-Length: " + (DEFAULT_LIMIT + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the server answers without waiting for the body (which never comes)
            StringBuilder answer = new StringBuilder();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (!answer.toString().endsWith("}]}")) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }

            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("OperationOutcome").contains("max-request-size");
        }
    }

    @Test
    void aClientExpectingContinueIsToldTheRefusalInsteadOfContinue() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /fhir/Patient/expect-continue HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer()
                    + "\r\nContent-Type: application/fhir+json\r\nExpect: 100-continue\r\nContent-Length: "
                    + (DEFAULT_LIMIT + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buffer = new byte[4096];
            int n = socket.getInputStream().read(buffer);

            assertThat(new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aChunkedBodyIsCutOffAtTheBound() throws Exception {
        String patientId = unique("too-big");
        byte[] head = ("{\"resourceType\":\"Patient\",\"id\":\"" + patientId + "\",\"name\":[{\"text\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] filler = new byte[DEFAULT_LIMIT + 64 * 1024];
        Arrays.fill(filler, (byte) 'a');
        InputStream body = new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head),
                new ByteArrayInputStream(filler)), new ByteArrayInputStream("\"}]}".getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + patientId))
                .header("Authorization", bearer()).header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("OperationOutcome");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + patientId))
                .header("Authorization", bearer()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("nothing stored").isEqualTo(404);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.header("Authorization", bearer()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(fhirBase() + path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A 400 whose OperationOutcome names the setting that refused it, and nothing stored at {@code path}. */
    private void assertRefusedNaming(HttpResponse<String> response, String setting, String path) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("OperationOutcome").contains(setting);
        assertThat(status(path)).as("nothing stored").isEqualTo(404);
    }

    private int status(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(fhirBase() + path))).statusCode();
    }

    @Test
    void thousandsOfNestedJsonExtensionsAre400BeforeAnyParserRecursesIntoThem() throws Exception {
        String id = unique("deep-json");
        String nested = "{\"url\":\"http://example.org/x\",\"valueString\":\"a\"}";
        for (int i = 0; i < 10_000; i++) {
            nested = "{\"url\":\"http://example.org/x\",\"extension\":[" + nested + "]}";
        }

        HttpResponse<String> response = put("/Patient/" + id, "application/fhir+json",
                "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"extension\":[" + nested + "]}");

        assertRefusedNaming(response, "pulsebridge.fhir.max-depth", "/Patient/" + id);
    }

    @Test
    void thousandsOfNestedXmlExtensionsAre400NotAStackOverflow() throws Exception {
        String id = unique("deep-xml");
        StringBuilder xml = new StringBuilder("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"" + id + "\"/>");
        xml.append("<extension url=\"http://example.org/x\">".repeat(10_000));
        xml.append("<valueString value=\"a\"/>");
        xml.append("</extension>".repeat(10_000)).append("</Patient>");

        HttpResponse<String> response = put("/Patient/" + id, "application/fhir+xml", xml.toString());

        assertRefusedNaming(response, "pulsebridge.fhir.max-depth", "/Patient/" + id);
    }

    @Test
    void aBodyOfMillionsOfTinyValuesIs400BeforeItIsBuiltIntoResources() throws Exception {
        String id = unique("many-values");
        String names = ("{\"given\":[" + "\"a\",".repeat(999) + "\"a\"]},").repeat(600);

        HttpResponse<String> response = put("/Patient/" + id, "application/fhir+json",
                "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[" + names + "{}]}");

        assertRefusedNaming(response, "pulsebridge.fhir.max-elements", "/Patient/" + id);
    }

    @Test
    void aSearchAndingAThousandCodesIs400InsteadOfAThousandWayJoin() throws Exception {
        String form = "subject=Patient/x" + "&code=http://loinc.org%7C29463-7".repeat(1_000);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/_search"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("OperationOutcome").contains("pulsebridge.fhir.max-search-parameters");
    }

    @Test
    void aSearchWithinTheParameterBoundIsAnswered() throws Exception {
        String codes = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "&code=http://loinc.org%7C" + (10_000 + i))
                .collect(java.util.stream.Collectors.joining());

        assertThat(status("/Observation?subject=Patient/x" + codes)).isEqualTo(200);
    }

    @Test
    void backgroundWorkSearchesAndOtherRequestsEachRunUnderTheirOwnStatementTimeout() {
        assertThat(statementTimeoutOn(null)).isEqualTo("2min");
        assertThat(statementTimeoutOn(StatementPath.SEARCH)).isEqualTo("3s");
        assertThat(statementTimeoutOn(StatementPath.REQUEST)).isEqualTo("5s");
        // the connection a request used goes back to background work with the background budget
        assertThat(statementTimeoutOn(null)).isEqualTo("2min");
    }

    @Test
    void aSearchPastItsStatementTimeoutIsStoppedAndAnswered400TooCostly() throws Exception {
        HttpResponse<String> response = whileTableIsLocked("hfj_spidx_token", () -> send(HttpRequest.newBuilder(
                URI.create(fhirBase() + "/Observation?code=http://loinc.org%7C29463-7"))));

        assertThat(response.statusCode()).isEqualTo(400);
        // too-costly is only ever PostgreSQL's own cancellation (57014): the backend stopped the statement itself
        assertThat(response.body()).contains("too-costly").contains("statement-timeout-search");
    }

    @Test
    void aWritePastItsStatementTimeoutIsStoppedAndAnswered503TooCostlyWithNothingStored() throws Exception {
        String id = unique("slow-write");
        HttpResponse<String> response = whileTableIsLocked("hfj_resource", () -> put("/Patient/" + id,
                "application/fhir+json", "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("too-costly").contains("statement-timeout-request");
        assertThat(status("/Patient/" + id)).as("nothing stored").isEqualTo(404);
    }

    private String statementTimeoutOn(StatementPath path) {
        if (path != null) {
            path.enter();
        }
        try {
            return jdbc.sql("show statement_timeout").query(String.class).single();
        } finally {
            StatementPath.leave();
        }
    }

    /** Holds an exclusive lock on the table (as a long migration would) while the request runs. */
    private HttpResponse<String> whileTableIsLocked(String table, Callable<HttpResponse<String>> request) throws Exception {
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("lock table " + table + " in access exclusive mode");
                return request.call();
            } finally {
                locker.rollback();
            }
        }
    }
}
