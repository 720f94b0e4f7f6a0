package dev.pulsebridge.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.simulator.api.ApiGate;
import dev.pulsebridge.simulator.api.Faults;
import dev.pulsebridge.simulator.api.Stats;
import dev.pulsebridge.simulator.data.Dataset;
import dev.pulsebridge.simulator.data.SimUser;
import dev.pulsebridge.simulator.data.SimulatorStore;
import dev.pulsebridge.simulator.oauth.TokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** JSON admin API that tests, the demo and benchmarks use to shape the simulated Withings cloud. */
@RestController
@RequestMapping("/admin")
class AdminController {

    private final SimulatorStore store;
    private final TokenStore tokens;
    private final Stats stats;
    private final ApiGate gate;
    private final Faults faults;

    AdminController(SimulatorStore store, TokenStore tokens, Stats stats, ApiGate gate, Faults faults) {
        this.faults = faults;
        this.store = store;
        this.tokens = tokens;
        this.stats = stats;
        this.gate = gate;
    }

    @PostMapping("/users")
    ResponseEntity<Map<String, Object>> createUser(@RequestBody(required = false) Map<String, Object> request) {
        Object requested = request == null ? null : request.get("userid");
        Object timezone = request == null ? null : request.get("timezone");
        long id = store.createUser(requested == null ? null : Long.valueOf(requested.toString()),
                timezone == null ? null : timezone.toString());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("userid", id));
    }

    @PostMapping("/users/{userId}/measuregrps")
    ResponseEntity<List<ObjectNode>> addMeasureGroups(@PathVariable long userId, @RequestBody JsonNode groups,
            @RequestParam(defaultValue = "true") boolean notify) {
        if (!groups.isArray()) {
            throw new IllegalArgumentException("Expected a JSON array of measure groups");
        }
        List<ObjectNode> list = new ArrayList<>();
        groups.forEach(g -> {
            if (!g.isObject() || !g.path("measures").isArray()) {
                throw new IllegalArgumentException("Each measure group needs a measures array");
            }
            list.add((ObjectNode) g);
        });
        return ResponseEntity.status(HttpStatus.CREATED).body(store.addMeasureGroups(userId, list, notify));
    }

    @GetMapping("/users/{userId}/measuregrps")
    List<ObjectNode> measureGroups(@PathVariable long userId) {
        return List.copyOf(store.user(userId).measureGroups().values());
    }

    @PutMapping("/users/{userId}/measuregrps/{grpid}")
    ObjectNode replaceMeasureGroup(@PathVariable long userId, @PathVariable long grpid, @RequestBody ObjectNode group) {
        return store.replaceMeasureGroup(userId, grpid, group);
    }

    @DeleteMapping("/users/{userId}/measuregrps/{grpid}")
    ResponseEntity<Void> deleteMeasureGroup(@PathVariable long userId, @PathVariable long grpid) {
        store.deleteMeasureGroup(userId, grpid);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/users/{userId}/{dataset:sleep|activity|workouts|ecg|devices}")
    ResponseEntity<List<ObjectNode>> addRows(@PathVariable long userId, @PathVariable String dataset, @RequestBody JsonNode rows) {
        if (!rows.isArray()) {
            throw new IllegalArgumentException("Expected a JSON array");
        }
        List<ObjectNode> list = new ArrayList<>();
        rows.forEach(row -> {
            if (!row.isObject()) {
                throw new IllegalArgumentException("Each row must be a JSON object");
            }
            list.add((ObjectNode) row);
        });
        return ResponseEntity.status(HttpStatus.CREATED).body(store.addRows(userId, dataset(dataset), list, true));
    }

    @PostMapping("/users/{userId}/sleep-stages")
    ResponseEntity<Void> addSleepStages(@PathVariable long userId, @RequestBody JsonNode rows) {
        if (!rows.isArray()) {
            throw new IllegalArgumentException("Expected a JSON array of sleep stage rows");
        }
        store.addSleepStages(userId, rows);
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @PostMapping("/users/{userId}/intraday")
    ResponseEntity<Void> addIntraday(@PathVariable long userId, @RequestBody JsonNode slices) {
        if (!slices.isObject()) {
            throw new IllegalArgumentException("Expected an object keyed by epoch seconds");
        }
        store.addIntraday(userId, slices);
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @PutMapping("/users/{userId}/{dataset:sleep|activity|workouts|ecg|devices}/{key}")
    ObjectNode replaceRow(@PathVariable long userId, @PathVariable String dataset, @PathVariable String key,
            @RequestBody ObjectNode row) {
        return store.replaceRow(userId, dataset(dataset), key, row);
    }

    @DeleteMapping("/users/{userId}/{dataset:sleep|activity|workouts|ecg|devices}/{key}")
    ResponseEntity<Void> deleteRow(@PathVariable long userId, @PathVariable String dataset, @PathVariable String key) {
        store.deleteRow(userId, dataset(dataset), key);
        return ResponseEntity.noContent().build();
    }

    private static Dataset dataset(String name) {
        return switch (name) {
            case "sleep" -> Dataset.SLEEP_SUMMARY;
            case "activity" -> Dataset.ACTIVITY;
            case "workouts" -> Dataset.WORKOUTS;
            case "ecg" -> Dataset.HEART;
            default -> Dataset.DEVICES;
        };
    }

    /** {@code {"days": 3650, "seed": 1, "end": "2026-11-21", "notify": false}}: a realistic history. */
    @PostMapping("/users/{userId}/generate")
    Map<String, Integer> generate(@PathVariable long userId, @RequestBody Map<String, Object> request) {
        int days = ((Number) request.getOrDefault("days", 365)).intValue();
        if (days < 1 || days > 20 * 366) {
            throw new IllegalArgumentException("days must be between 1 and " + 20 * 366);
        }
        long seed = ((Number) request.getOrDefault("seed", 1)).longValue();
        java.time.LocalDate end = request.get("end") == null ? java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                : java.time.LocalDate.parse(request.get("end").toString());
        return new HistoryGenerator(store).generate(userId, days, seed, end, Boolean.TRUE.equals(request.get("notify")));
    }

    @PostMapping("/users/{userId}/revoke")
    ResponseEntity<Void> revoke(@PathVariable long userId) {
        store.user(userId);
        tokens.revokeUser(userId);
        store.unlink(userId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/users/{userId}/expire-tokens")
    ResponseEntity<Void> expireTokens(@PathVariable long userId) {
        store.user(userId);
        tokens.expireAccessTokens(userId);
        return ResponseEntity.noContent().build();
    }

    /**
     * {@code {"token_lifetime_seconds": 3}}: lifetime of access tokens issued from now on;
     * {@code {"rate_limit_per_minute": 120}}: the application's call budget from now on.
     */
    @PutMapping("/settings")
    Map<String, Object> settings(@RequestBody Map<String, Object> settings) {
        Object lifetime = settings.get("token_lifetime_seconds");
        if (lifetime != null) {
            tokens.setLifetimeSeconds(((Number) lifetime).longValue());
        }
        Object limit = settings.get("rate_limit_per_minute");
        if (limit != null) {
            gate.limitPerMinute(((Number) limit).intValue());
        }
        return Map.of("token_lifetime_seconds", tokens.lifetimeSeconds(), "rate_limit_per_minute", gate.limitPerMinute());
    }

    @GetMapping("/users/{userId}/subscriptions")
    List<SimUser.Subscription> subscriptions(@PathVariable long userId) {
        return store.user(userId).subscriptions();
    }

    @GetMapping("/users/{userId}/tokens")
    Map<String, List<String>> validTokens(@PathVariable long userId) {
        store.user(userId);
        return tokens.validTokens(userId);
    }

    /**
     * {@code {"action": "getmeas", "count": 2, "status": 601 | "http_status": 500 | "delay_ms": 3000}}, with an
     * optional {@code "userid"} to hit only that user's calls.
     */
    @PostMapping("/faults")
    ResponseEntity<Void> addFault(@RequestBody Map<String, Object> fault) {
        faults.add((String) fault.get("action"), ((Number) fault.getOrDefault("count", 1)).intValue(),
                integer(fault.get("status")), integer(fault.get("http_status")),
                fault.get("delay_ms") == null ? null : ((Number) fault.get("delay_ms")).longValue(),
                fault.get("userid") == null ? null : ((Number) fault.get("userid")).longValue());
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    @GetMapping("/users/{userId}/stats")
    Map<String, Object> userStats(@PathVariable long userId) {
        return stats.forUser(userId);
    }

    @GetMapping("/stats")
    Map<String, Object> stats() {
        return stats.snapshot();
    }

    @DeleteMapping
    ResponseEntity<Void> reset() {
        store.reset();
        tokens.reset();
        stats.reset();
        gate.reset();
        faults.reset();
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<Map<String, String>> notFound(NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
