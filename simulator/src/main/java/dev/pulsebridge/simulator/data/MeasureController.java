package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.simulator.SimulatorProperties;
import dev.pulsebridge.simulator.api.Envelope;
import dev.pulsebridge.simulator.api.WithingsError;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /measure action=getmeas}, with Withings' filters and offset/more paging. */
@RestController
class MeasureController {

    private final ApiCaller caller;
    private final SimulatorProperties properties;

    MeasureController(ApiCaller caller, SimulatorProperties properties) {
        this.caller = caller;
        this.properties = properties;
    }

    @RequestMapping(path = "/measure", method = {RequestMethod.POST, RequestMethod.GET})
    Map<String, Object> measure(@RequestParam Map<String, String> params,
            @RequestHeader(name = "Authorization", required = false) String authorization) {
        String action = params.getOrDefault("action", "");
        SimUser user = caller.enter("measure", action, params, authorization);
        if (!"getmeas".equals(action)) {
            throw new WithingsError(2554, "Unknown action");
        }
        return Envelope.ok(getmeas(user, params));
    }

    private Map<String, Object> getmeas(SimUser user, Map<String, String> params) {
        Set<Integer> types = types(params);
        int category = (int) number(params, "category", 1);
        Long lastUpdate = params.containsKey("lastupdate") ? number(params, "lastupdate", 0) : null;
        long start = number(params, "startdate", Long.MIN_VALUE);
        long end = number(params, "enddate", Long.MAX_VALUE);
        int offset = (int) number(params, "offset", 0);
        List<ObjectNode> matching = user.measureGroups().values().stream()
                .filter(g -> g.path("category").asInt(1) == category)
                .filter(g -> lastUpdate != null ? g.path("modified").asLong() > lastUpdate
                        : g.path("date").asLong() >= start && g.path("date").asLong() <= end)
                .map(g -> onlyTypes(g, types))
                .filter(g -> g.path("measures").size() > 0)
                .sorted(Comparator.comparingLong((ObjectNode g) -> g.path("date").asLong()).reversed()
                        .thenComparingLong(g -> g.path("grpid").asLong()))
                .toList();
        int to = Math.min(matching.size(), offset + properties.pageSize());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("updatetime", Instant.now().getEpochSecond());
        body.put("timezone", user.timezone());
        body.put("measuregrps", offset >= matching.size() ? List.of() : matching.subList(offset, to));
        if (to < matching.size()) {
            // Withings only sends more/offset when another page follows.
            body.put("more", 1);
            body.put("offset", to);
        }
        return body;
    }

    private static ObjectNode onlyTypes(ObjectNode group, Set<Integer> types) {
        if (types.isEmpty()) {
            return group;
        }
        ObjectNode copy = group.deepCopy();
        ArrayNode kept = copy.putArray("measures");
        for (JsonNode measure : group.path("measures")) {
            if (types.contains(measure.path("type").asInt())) {
                kept.add(measure);
            }
        }
        return copy;
    }

    private static Set<Integer> types(Map<String, String> params) {
        String list = params.containsKey("meastypes") ? params.get("meastypes") : params.get("meastype");
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        try {
            return Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).collect(Collectors.toSet());
        } catch (NumberFormatException e) {
            throw WithingsError.invalidParams("meastype(s)");
        }
    }

    static long number(Map<String, String> params, String name, long fallback) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw WithingsError.invalidParams(name);
        }
    }
}
