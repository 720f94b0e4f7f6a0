package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The same Observations written over FHIR REST to Pulsebridge and to stock HAPI: one per request from
 * several clients, and as transaction bundles of 100 conditional creates. The Observations are the ones
 * the backfill wrote, copied to a fresh patient with fresh identifiers and without references to what
 * only Pulsebridge holds (devices, sleep panels), so both servers take exactly the same bodies. Each
 * comparison runs in two rounds, half of the Observations each, the servers' order reversed in the
 * second, so a machine that slows down mid-run hurts both alike.
 */
public final class WriteComparison {

    static final int BUNDLE_SIZE = 100;
    /** References to resources only Pulsebridge's sync writes; stock HAPI would refuse them as dangling. */
    private static final List<String> LOCAL_REFERENCES = List.of("device", "hasMember", "derivedFrom", "performer",
            "focus", "encounter", "basedOn", "partOf", "specimen");

    private final Http http;

    public WriteComparison(Http http) {
        this.http = http;
    }

    /** Up to {@code count} Observations of the patient, as the server holds them. */
    public List<ObjectNode> sample(String fhirBase, String patientId, int count) {
        List<ObjectNode> observations = new ArrayList<>();
        String url = fhirBase + "/Observation?subject=Patient/" + patientId + "&_count=200";
        while (url != null && observations.size() < count) {
            JsonNode page = http.getJson(url);
            for (JsonNode entry : page.path("entry")) {
                if (observations.size() < count) {
                    observations.add((ObjectNode) entry.path("resource"));
                }
            }
            url = null;
            for (JsonNode link : page.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    url = link.path("url").asText();
                }
            }
        }
        return observations;
    }

    /** Per target, the cost of posting every Observation on its own from {@code clients} clients. */
    public Map<String, Cost> oneByOne(List<ObjectNode> observations, List<FhirTarget> targets, String patient,
            int clients) {
        return alternating(observations, targets, patient, (target, part) -> {
            Load.count(clients, part.size(), index -> http.postJson(target.fhirBase() + "/Observation", Http.FHIR_JSON,
                    part.get(index).toString(), 201));
            return part.size();
        });
    }

    /** Per target, the cost of posting the Observations in transaction bundles of 100, one client. */
    public Map<String, Cost> transactions(List<ObjectNode> observations, List<FhirTarget> targets, String patient) {
        return alternating(observations, targets, patient, (target, part) -> {
            int bundles = (part.size() + BUNDLE_SIZE - 1) / BUNDLE_SIZE;
            Load.count(1, bundles, index -> http.postJson(target.fhirBase(), Http.FHIR_JSON,
                    transaction(part.subList(index * BUNDLE_SIZE, Math.min(part.size(), (index + 1) * BUNDLE_SIZE)))
                            .toString(), 200));
            return part.size();
        });
    }

    private Map<String, Cost> alternating(List<ObjectNode> observations, List<FhirTarget> targets, String patient,
            BiFunction<FhirTarget, List<ObjectNode>, Integer> write) {
        List<ObjectNode> copies = observations.stream().map(o -> copy(o, patient, patient)).toList();
        int half = copies.size() / 2;
        List<List<ObjectNode>> rounds = List.of(copies.subList(0, half), copies.subList(half, copies.size()));
        Map<String, Cost> costs = new LinkedHashMap<>();
        targets.forEach(target -> {
            target.putPatient(http, patient);
            costs.put(target.name(), Cost.NONE);
        });
        for (int round = 0; round < rounds.size(); round++) {
            List<FhirTarget> order = new ArrayList<>(targets);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (FhirTarget target : order) {
                List<ObjectNode> part = rounds.get(round);
                costs.merge(target.name(), Cost.of(target, () -> write.apply(target, part)), Cost::plus);
            }
        }
        return costs;
    }

    private static ObjectNode transaction(List<ObjectNode> observations) {
        ObjectNode bundle = Http.JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        for (ObjectNode observation : observations) {
            JsonNode identifier = observation.path("identifier").path(0);
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", "urn:uuid:" + UUID.randomUUID());
            entry.set("resource", observation);
            entry.putObject("request").put("method", "POST").put("url", "Observation")
                    .put("ifNoneExist", "identifier=" + PulsebridgeClient.encode(
                            identifier.path("system").asText() + "|" + identifier.path("value").asText()));
        }
        return bundle;
    }

    /** The Observation as a new resource of the patient: no id, meta or local references; identifiers made unique. */
    static ObjectNode copy(ObjectNode original, String patientId, String prefix) {
        ObjectNode copy = original.deepCopy();
        copy.remove("id");
        copy.remove("meta");
        copy.remove(LOCAL_REFERENCES);
        copy.putObject("subject").put("reference", "Patient/" + patientId);
        for (JsonNode identifier : copy.path("identifier")) {
            ((ObjectNode) identifier).put("value", prefix + "." + identifier.path("value").asText());
        }
        return copy;
    }
}
