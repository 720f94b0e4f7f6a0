package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The alternative a user would otherwise pick: posting the same Observations to the FHIR server over
 * REST, one per request (4 clients) and as transaction bundles of 100 with conditional create.
 * The Observations are the ones the backfill wrote, copied to a fresh patient with fresh identifiers.
 */
public final class RestBaseline {

    static final int BUNDLE_SIZE = 100;

    private final Http http;
    private final PulsebridgeClient server;

    public RestBaseline(Http http, PulsebridgeClient server) {
        this.http = http;
        this.server = server;
    }

    /** Up to {@code count} Observations of the patient, as the server holds them. */
    public List<ObjectNode> sample(String patientId, int count) {
        List<ObjectNode> observations = new ArrayList<>();
        String url = server.fhir() + "/Observation?subject=Patient/" + patientId + "&_count=200";
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

    /** @return Observations per second, one POST per Observation from {@code clients} clients */
    public double postOneByOne(List<ObjectNode> observations, String copyPrefix, int clients) {
        String patient = copyPrefix + "-patient";
        server.putPatient(patient);
        Load.Outcome outcome = Load.count(clients, observations.size(), index -> http.postJson(
                server.fhir() + "/Observation", Http.FHIR_JSON,
                copy(observations.get(index), patient, copyPrefix).toString(), 201));
        return outcome.requests() / outcome.seconds();
    }

    /** @return Observations per second, transaction bundles of 100 conditional creates, one client */
    public double postInTransactions(List<ObjectNode> observations, String copyPrefix) {
        String patient = copyPrefix + "-patient";
        server.putPatient(patient);
        int bundles = (observations.size() + BUNDLE_SIZE - 1) / BUNDLE_SIZE;
        Load.Outcome outcome = Load.count(1, bundles, index -> {
            ObjectNode bundle = Http.JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
            ArrayNode entries = bundle.putArray("entry");
            for (ObjectNode original : observations.subList(index * BUNDLE_SIZE,
                    Math.min(observations.size(), (index + 1) * BUNDLE_SIZE))) {
                ObjectNode copy = copy(original, patient, copyPrefix);
                JsonNode identifier = copy.path("identifier").path(0);
                ObjectNode entry = entries.addObject();
                entry.put("fullUrl", "urn:uuid:" + UUID.randomUUID());
                entry.set("resource", copy);
                entry.putObject("request").put("method", "POST").put("url", "Observation")
                        .put("ifNoneExist", "identifier=" + PulsebridgeClient.encode(
                                identifier.path("system").asText() + "|" + identifier.path("value").asText()));
            }
            http.postJson(server.fhir(), Http.FHIR_JSON, bundle.toString(), 200);
        });
        return observations.size() / outcome.seconds();
    }

    /** The Observation as a new resource: no id or meta, the given subject, identifiers made unique. */
    static ObjectNode copy(ObjectNode original, String patientId, String prefix) {
        ObjectNode copy = original.deepCopy();
        copy.remove("id");
        copy.remove("meta");
        copy.putObject("subject").put("reference", "Patient/" + patientId);
        for (JsonNode identifier : copy.path("identifier")) {
            ((ObjectNode) identifier).put("value", prefix + "." + identifier.path("value").asText());
        }
        return copy;
    }
}
