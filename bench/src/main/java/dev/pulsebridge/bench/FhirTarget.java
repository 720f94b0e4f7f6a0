package dev.pulsebridge.bench;

/**
 * A FHIR server the driver measures: Pulsebridge, or stock HAPI beside it. Its process gives the CPU
 * the server spent on a scenario.
 */
record FhirTarget(String name, String fhirBase, ManagedProcess process) {

    void putPatient(Http http, String id) {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"name\":[{\"family\":\"Bench\",\"given\":[\"%s\"]}]}"
                .formatted(id, id);
        http.putJson(fhirBase + "/Patient/" + id, Http.FHIR_JSON, patient, 200, 201);
    }
}
