package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.simulator.SimulatorProperties;
import dev.pulsebridge.simulator.api.Envelope;
import dev.pulsebridge.simulator.api.WithingsError;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The v2 list endpoints: {@code /v2/sleep getsummary}, {@code /v2/measure getactivity|getworkouts},
 * {@code /v2/heart list}, {@code /v2/user getdevice}, with Withings' date, lastupdate, data_fields and
 * offset rules.
 */
@RestController
class V2Controller {

    private static final Map<String, Dataset> ACTIONS = Map.of(
            "sleep/getsummary", Dataset.SLEEP_SUMMARY,
            "measure/getactivity", Dataset.ACTIVITY,
            "measure/getworkouts", Dataset.WORKOUTS,
            "heart/list", Dataset.HEART,
            "user/getdevice", Dataset.DEVICES);

    private final ApiCaller caller;
    private final SimulatorProperties properties;

    V2Controller(ApiCaller caller, SimulatorProperties properties) {
        this.caller = caller;
        this.properties = properties;
    }

    @RequestMapping(path = "/v2/{service:sleep|measure|heart|user}", method = {RequestMethod.POST, RequestMethod.GET})
    Map<String, Object> v2(@PathVariable String service, @RequestParam Map<String, String> params,
            @RequestHeader(name = "Authorization", required = false) String authorization) {
        String action = params.getOrDefault("action", "");
        SimUser user = caller.enter("v2/" + service, action, params, authorization);
        if ("sleep".equals(service) && "get".equals(action)) {
            return Envelope.ok(HighFrequency.sleepGet(user, params));
        }
        if ("heart".equals(service) && "get".equals(action)) {
            return Envelope.ok(EcgSignals.get(user, params));
        }
        if ("measure".equals(service) && "getintradayactivity".equals(action)) {
            return Envelope.ok(HighFrequency.intraday(user, params));
        }
        Dataset dataset = ACTIONS.get(service + "/" + action);
        if (dataset == null) {
            throw new WithingsError(2554, "Unknown action");
        }
        return Envelope.ok(list(user, dataset, params));
    }

    private Map<String, Object> list(SimUser user, Dataset dataset, Map<String, String> params) {
        Set<String> fields = params.containsKey("data_fields")
                ? Arrays.stream(params.get("data_fields").split(",")).map(String::trim).collect(Collectors.toSet())
                : null;
        List<ObjectNode> rows = user.rows(dataset).values().stream()
                .filter(row -> matches(dataset, row, params))
                .sorted(Comparator.comparing((ObjectNode row) -> row.path(dataset.dateField()).asText()))
                .map(row -> withFields(dataset, row, fields))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        if (dataset == Dataset.DEVICES) {
            body.put("devices", rows);
            return body;
        }
        int offset = (int) MeasureController.number(params, "offset", 0);
        int to = Math.min(rows.size(), offset + properties.pageSize());
        body.put(dataset.listKey(), offset >= rows.size() ? List.of() : rows.subList(offset, to));
        body.put("more", to < rows.size());
        body.put("offset", to < rows.size() ? to : 0);
        return body;
    }

    private static boolean matches(Dataset dataset, JsonNode row, Map<String, String> params) {
        if (dataset == Dataset.DEVICES) {
            return true;
        }
        if (params.containsKey("lastupdate")) {
            return row.path("modified").asLong() > MeasureController.number(params, "lastupdate", 0);
        }
        if (dataset.ymd()) {
            String day = row.path(dataset.dateField()).asText();
            String from = params.get("startdateymd");
            String to = params.get("enddateymd");
            return (from == null || day.compareTo(from) >= 0) && (to == null || day.compareTo(to) <= 0);
        }
        long at = row.path(dataset.dateField()).asLong();
        return at >= MeasureController.number(params, "startdate", Long.MIN_VALUE)
                && at <= MeasureController.number(params, "enddate", Long.MAX_VALUE);
    }

    /** Withings returns a default field set, or exactly the optional fields asked for in data_fields. */
    private static ObjectNode withFields(Dataset dataset, ObjectNode row, Set<String> requested) {
        if (dataset.fieldsIn() == null || (requested == null && dataset.defaultFields().isEmpty())) {
            return row;
        }
        ObjectNode copy = row.deepCopy();
        Set<String> keep = requested != null ? requested : Set.copyOf(dataset.defaultFields());
        if (dataset.fieldsIn().isEmpty()) {
            copy.properties().removeIf(e -> !Dataset.ACTIVITY_ROW_FIELDS.contains(e.getKey()) && !keep.contains(e.getKey()));
        } else if (copy.path(dataset.fieldsIn()).isObject()) {
            ((ObjectNode) copy.get(dataset.fieldsIn())).properties().removeIf(e -> !keep.contains(e.getKey()));
        }
        return copy;
    }
}
