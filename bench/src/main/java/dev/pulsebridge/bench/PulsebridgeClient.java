package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The server as an EHR and a patient's browser use it: patients, links, consent, status, searches. */
public final class PulsebridgeClient {

    private final Http http;
    private final String base;

    public PulsebridgeClient(Http http, String base) {
        this.http = http;
        this.base = base;
    }

    public String base() {
        return base;
    }

    public String fhir() {
        return base + "/fhir";
    }

    public void putPatient(String id) {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"name\":[{\"family\":\"Bench\",\"given\":[\"%s\"]}]}"
                .formatted(id, id);
        http.putJson(fhir() + "/Patient/" + id, Http.FHIR_JSON, patient, 200, 201);
    }

    /**
     * Links the patient to the simulated Withings user the way a patient does: the clinician asks for a
     * link, the browser opens it, consents at (simulated) Withings and lands on our callback.
     */
    public void link(String patientId, long withingsUser, String backfill) {
        String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"backfill\",\"valueString\":\"%s\"}]}"
                .formatted(backfill);
        JsonNode issued = http.postJson(fhir() + "/Patient/" + patientId + "/$withings-connect", Http.FHIR_JSON,
                parameters, 200);
        String linkUrl = parameter(issued, "url").map(p -> p.path("valueUri").asText(p.path("valueUrl").asText()))
                .orElseThrow(() -> new IllegalStateException("no url in " + issued));
        String consentPage = location(http.get(linkUrl));
        String callback = location(http.get(consentPage + "&sim_userid=" + withingsUser));
        Http.expect(http.get(callback), 200);
    }

    public JsonNode status(String patientId) {
        return http.getJson(fhir() + "/Patient/" + patientId + "/$withings-status");
    }

    public static Optional<JsonNode> parameter(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters.path("parameter")) {
            if (name.equals(parameter.path("name").asText())) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }

    public static Optional<JsonNode> part(JsonNode parameter, String name) {
        for (JsonNode part : parameter.path("part")) {
            if (name.equals(part.path("name").asText())) {
                return Optional.of(part);
            }
        }
        return Optional.empty();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                response.request().uri() + " did not redirect: " + response.statusCode() + " " + response.body()));
    }
}
