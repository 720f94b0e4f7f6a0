package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The driver's HTTP client: JSON in and out, an exception with the body for any unexpected status. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String FHIR_JSON = "application/fhir+json";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private volatile String fhirBase;
    private volatile String bearer;

    /** From now on every request to {@code serverBase/fhir} carries the token, as a backend service's would. */
    public void authorize(String serverBase, String accessToken) {
        this.fhirBase = serverBase + "/fhir";
        this.bearer = "Bearer " + accessToken;
    }

    /** The Authorization header value {@link #authorize} set, for requests made without this client. */
    public String bearer() {
        return bearer;
    }

    /** A backend-services token from the server's authorization server (client credentials). */
    public String clientCredentialsToken(String serverBase, String clientId, String secret, String scope) {
        String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(serverBase + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + java.net.URLEncoder.encode(scope, java.nio.charset.StandardCharsets.UTF_8))).build());
        return parse(expect(response, 200)).path("access_token").asText();
    }

    public HttpResponse<String> send(HttpRequest request) {
        if (bearer != null && request.uri().toString().startsWith(fhirBase) && request.headers().firstValue("Authorization").isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", bearer).build();
        }
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String url) {
        return send(request(url).GET().build());
    }

    /** GET expecting 200 and a JSON body. */
    public JsonNode getJson(String url) {
        return parse(expect(get(url), 200));
    }

    public JsonNode postJson(String url, String contentType, String body, int... expected) {
        return parse(expect(send(request(url).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()), expected));
    }

    public JsonNode putJson(String url, String contentType, String body, int... expected) {
        return parse(expect(send(request(url).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build()), expected));
    }

    public HttpResponse<String> postForm(String url, String form) {
        return send(request(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Accept", "application/fhir+json, application/json");
    }

    public static HttpResponse<String> expect(HttpResponse<String> response, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        String body = response.body() == null ? "" : response.body();
        throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                + response.statusCode() + ": " + problems(body));
    }

    /** The errors of an OperationOutcome, or the start of any other body. */
    private static String problems(String body) {
        try {
            JsonNode outcome = JSON.readTree(body);
            StringBuilder errors = new StringBuilder();
            for (JsonNode issue : outcome.path("issue")) {
                String severity = issue.path("severity").asText();
                if (severity.equals("error") || severity.equals("fatal")) {
                    errors.append(issue.path("diagnostics").asText()).append(" @ ")
                            .append(issue.path("expression").path(0).asText()).append("; ");
                }
            }
            if (errors.length() > 0) {
                return errors.toString();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw body
        }
        return body.substring(0, Math.min(500, body.length()));
    }

    public static JsonNode parse(HttpResponse<String> response) {
        try {
            String body = response.body();
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
