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

    /** Adds measure groups with no notification, as if Withings' webhook had been lost. */
    public void addMeasureGroupsSilently(long userId, String groupsJson) {
        send("POST", "/users/" + userId + "/measuregrps?notify=false", groupsJson);
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

    /** Like {@link #fault} but only for one user's calls, so background work for other accounts cannot use it up. */
    public void userFault(long userId, String action, int count, String failure) {
        send("POST", "/faults", "{\"action\": \"" + action + "\", \"count\": " + count + ", \"userid\": " + userId
                + ", " + failure + "}");
    }

    public long refreshGrants(long userId) {
        return send("GET", "/users/" + userId + "/stats", null).path("token_grants").path("refresh_token").asLong();
    }

    public long calls(long userId, String action) {
        return send("GET", "/users/" + userId + "/stats", null).path("calls").path(action).asLong();
    }

    /** Calls that read the user's data (measure and v2 services), leaving out webhook setup and tokens. */
    public long dataCalls(long userId) {
        long[] total = {0};
        send("GET", "/users/" + userId + "/stats", null).path("calls_by_service").fields().forEachRemaining(call -> {
            if (!call.getKey().startsWith("notify ")) {
                total[0] += call.getValue().asLong();
            }
        });
        return total[0];
    }

    public long totalCalls(long userId) {
        return send("GET", "/users/" + userId + "/stats", null).path("total_calls").asLong();
    }

    /** A realistic history of {@code days} days up to {@code lastDay}, without notifying anyone. */
    public JsonNode generate(long userId, int days, long seed, java.time.LocalDate lastDay) {
        return send("POST", "/users/" + userId + "/generate", "{\"days\": " + days + ", \"seed\": " + seed
                + ", \"end\": \"" + lastDay + "\"}");
    }

    /** How many of the user's measure groups (category 1, real measurements) hold a measure of this type. */
    public int measureGroupsWithType(long userId, int type) {
        int count = 0;
        for (JsonNode group : send("GET", "/users/" + userId + "/measuregrps", null)) {
            if (group.path("category").asInt(1) != 1) {
                continue;
            }
            for (JsonNode measure : group.path("measures")) {
                if (measure.path("type").asInt() == type) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    public void updateMeasureGroup(long userId, long grpid, String groupJson) {
        send("PUT", "/users/" + userId + "/measuregrps/" + grpid, groupJson);
    }

    public void deleteMeasureGroup(long userId, long grpid) {
        send("DELETE", "/users/" + userId + "/measuregrps/" + grpid, null);
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
