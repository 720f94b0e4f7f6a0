package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The simulator's admin API, as the benchmark uses it. */
public final class SimulatorClient {

    private final Http http;
    private final String base;

    public SimulatorClient(Http http, String base) {
        this.http = http;
        this.base = base;
    }

    public String base() {
        return base;
    }

    public long createUser() {
        return http.postJson(base + "/admin/users", "application/json", "{}", 201).path("userid").asLong();
    }

    /** A seed-deterministic history of {@code days} days up to today, without notifications. */
    public JsonNode generate(long user, int days, long seed) {
        return generate(user, days, seed, LocalDate.now(ZoneOffset.UTC));
    }

    /** A seed-deterministic history of {@code days} days up to {@code end}, without notifications. */
    public JsonNode generate(long user, int days, long seed, LocalDate end) {
        String body = "{\"days\": %d, \"seed\": %d, \"end\": \"%s\", \"notify\": false}".formatted(days, seed, end);
        return http.postJson(base + "/admin/users/" + user + "/generate", "application/json", body, 200, 201);
    }

    /** A weigh-in taken now; Withings notifies the subscribers (appli 1). */
    public void addWeighIn(long user, long grpid, long grams, boolean notify) {
        long now = Instant.now().getEpochSecond();
        String group = """
                [{"grpid": %d, "attrib": 0, "date": %d, "created": %d, "modified": %d, "category": 1,
                  "deviceid": null, "hash_deviceid": null, "model": null, "modelid": null,
                  "measures": [{"value": %d, "type": 1, "unit": -3, "algo": 0, "fm": 3}]}]"""
                .formatted(grpid, now, now, now, grams);
        http.postJson(base + "/admin/users/" + user + "/measuregrps?notify=" + notify, "application/json", group, 201);
    }

    /** The identifier value the mapper gives the weight Observation of a measure group. */
    public static String weightIdentifier(long user, long grpid) {
        return user + ".getmeas." + grpid + ".1";
    }

    /** Per service and action ("measure getmeas", "v2/heart list", "notify subscribe"...), the user's calls so far. */
    public JsonNode userCallsByService(long user) {
        return http.getJson(base + "/admin/users/" + user + "/stats").path("calls_by_service");
    }

    /** Data calls made with the user's token so far. */
    public long userCalls(long user) {
        return http.getJson(base + "/admin/users/" + user + "/stats").path("total_calls").asLong();
    }

    /** How many calls the simulator answered with 601 (over the rate limit) so far. */
    public long rateLimited() {
        return http.getJson(base + "/admin/stats").path("rate_limited").asLong();
    }

    /** The same by reason: {@code over_budget}, or {@code repeated <action>} for the same request within 10 s. */
    public java.util.Map<String, Long> rateLimitedByReason() {
        java.util.Map<String, Long> byReason = new java.util.TreeMap<>();
        http.getJson(base + "/admin/stats").path("rate_limited_by").fields()
                .forEachRemaining(reason -> byReason.put(reason.getKey(), reason.getValue().asLong()));
        return byReason;
    }

    /**
     * Queues a fault for the user's next {@code count} calls of {@code action}; {@code what} is the fault's JSON
     * member ({@code "http_status": 500}, {@code "status": 601}, {@code "delay_ms": 6000}).
     *
     * @return a line saying what was queued
     */
    public String fault(long user, String action, int count, String what) {
        http.postJson(base + "/admin/faults", "application/json", "{\"action\": \"%s\", \"count\": %d, \"userid\": %d, %s}"
                .formatted(action, count, user, what), 201);
        return count + "x " + action + " " + what.replace("\"", "").replace("_", " ");
    }

    /** Withings revokes the user's tokens and drops their notification subscriptions. */
    public void revoke(long user) {
        http.postJson(base + "/admin/users/" + user + "/revoke", "application/json", "{}", 204);
    }

    /** Calls the simulator has answered so far, every action of every user. */
    public long totalCalls() {
        return http.getJson(base + "/admin/stats").path("total_calls").asLong();
    }

    /** The application's Withings budget from now on. */
    public void rateLimitPerMinute(int calls) {
        http.putJson(base + "/admin/settings", "application/json", "{\"rate_limit_per_minute\": " + calls + "}", 200);
    }
}
