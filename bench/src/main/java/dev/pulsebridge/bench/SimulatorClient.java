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
        String body = "{\"days\": %d, \"seed\": %d, \"end\": \"%s\", \"notify\": false}"
                .formatted(days, seed, LocalDate.now(ZoneOffset.UTC));
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
}
