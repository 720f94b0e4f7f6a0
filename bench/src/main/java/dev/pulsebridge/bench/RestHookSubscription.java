package dev.pulsebridge.bench;

import dev.pulsebridge.terminology.SubscriptionTopics;

/** A rest-hook Subscription on every Withings Observation, created through the FHIR API and awaited active. */
final class RestHookSubscription {

    private static final long ACTIVE_WITHIN_NANOS = 30_000_000_000L;

    private RestHookSubscription() {
    }

    /**
     * @param patient when not null, only that patient's Observations
     * @return the Subscription's id, once the server reports it active (the handshake got through)
     */
    static String create(Http http, String fhir, String endpoint, String patient) {
        String filter = patient == null ? "" : """
                , "filterBy": [{"filterParameter": "patient", "value": "Patient/%s"}]""".formatted(patient);
        String subscription = """
                {"resourceType": "Subscription", "status": "requested", "topic": "%s",
                 "channelType": {"system": "http://terminology.hl7.org/CodeSystem/subscription-channel-type", "code": "rest-hook"},
                 "endpoint": "%s", "contentType": "application/fhir+json", "content": "id-only"%s}"""
                .formatted(SubscriptionTopics.url(SubscriptionTopics.ANY_OBSERVATION), endpoint, filter);
        String id = http.postJson(fhir + "/Subscription", Http.FHIR_JSON, subscription, 201).path("id").asText();
        long deadline = System.nanoTime() + ACTIVE_WITHIN_NANOS;
        while (!"active".equals(http.getJson(fhir + "/Subscription/" + id).path("status").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Subscription " + id + " did not turn active");
            }
            ManagedProcess.sleep(50);
        }
        return id;
    }

    static void delete(Http http, String fhir, String id) {
        Http.expect(http.send(Http.request(fhir + "/Subscription/" + id).DELETE().build()), 200, 204);
    }
}
