package dev.pulsebridge.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The simulator's admin API, as tests use it to set up users and observe what the server did. */
public final class SimulatorAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public SimulatorAdmin(SimulatorProcess simulator) {
        this.base = simulator.baseUrl() + "/admin";
    }

    public long createUser() {
        return send("POST", "/users", "{}").path("userid").asLong();
    }

    public void setTokenLifetimeSeconds(long seconds) {
        send("PUT", "/settings", "{\"token_lifetime_seconds\": " + seconds + "}");
    }

    /** As if hours had passed: the user's current access tokens answer 401 from now on. */
    public void expireTokens(long userId) {
        send("POST", "/users/" + userId + "/expire-tokens", null);
    }

    /** The user withdraws the app's access at Withings: every token of theirs stops working. */
    public void revokeAtWithings(long userId) {
        send("POST", "/users/" + userId + "/revoke", null);
    }

    /** Adds measure groups (Withings JSON) as a device would; subscribed callbacks are notified. */
    public void addMeasureGroups(long userId, String groupsJson) {
        send("POST", "/users/" + userId + "/measuregrps", groupsJson);
    }

    public JsonNode validTokens(long userId) {
        return send("GET", "/users/" + userId + "/tokens", null);
    }

    public JsonNode subscriptions(long userId) {
        return send("GET", "/users/" + userId + "/subscriptions", null);
    }

    /** Queues failures for the next calls of an action: {@code {"status": 503}} or {@code {"http_status": 500}}. */
    public void fault(String action, int count, String failure) {
        send("POST", "/faults", "{\"action\": \"" + action + "\", \"count\": " + count + ", " + failure + "}");
    }

    public long refreshGrants() {
        return send("GET", "/stats", null).path("token_grants").path("refresh_token").asLong();
    }

    public long calls(String action) {
        return send("GET", "/stats", null).path("calls").path(action).asLong();
    }

    private JsonNode send(String method, String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError("simulator " + method + " " + path + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
