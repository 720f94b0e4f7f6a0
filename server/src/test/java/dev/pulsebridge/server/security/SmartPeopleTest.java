package dev.pulsebridge.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import dev.pulsebridge.server.support.SmartLogin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.CareTeam;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Patient;
import org.hl7.fhir.r5.model.Practitioner;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.junit.jupiter.api.BeforeEach;

/**
 * The people of the SMART tests, as the shared configuration declares them: Anna, a patient who signs
 * in; Ben, a patient of Dr Cho's care team; Dr Cho, a clinician; each patient with a heart-rate
 * Observation. Stored with fixed ids (the users' {@code fhir-user}) and written idempotently.
 */
abstract class SmartPeopleTest extends ServerIntegrationTest {

    static final String ANNA = PATIENT_USER_ID;
    static final String BEN = "smart-ben";
    static final String OUTSIDER = "smart-olga";

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void seedPeople() {
        for (String id : List.of(ANNA, BEN, OUTSIDER)) {
            Patient patient = new Patient();
            patient.setId(id);
            patient.addName().setFamily(id.substring(6)).addGiven("Test");
            fhirClient().update().resource(patient).execute();
            Observation heartRate = new Observation();
            heartRate.setId(id + "-hr");
            heartRate.setStatus(org.hl7.fhir.r5.model.Enumerations.ObservationStatus.FINAL);
            heartRate.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
            heartRate.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                    .setCode("vital-signs");
            heartRate.setSubject(new Reference("Patient/" + id));
            heartRate.setValue(new Quantity().setValue(60).setUnit("/min").setSystem("http://unitsofmeasure.org").setCode("/min"));
            fhirClient().update().resource(heartRate).execute();
        }
        Practitioner cho = new Practitioner();
        cho.setId(CLINICIAN_USER_ID);
        cho.addName().setFamily("Cho");
        fhirClient().update().resource(cho).execute();
        CareTeam team = new CareTeam();
        team.setId("smart-cho-team");
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + BEN));
        team.addParticipant().setMember(new Reference("Practitioner/" + CLINICIAN_USER_ID));
        fhirClient().update().resource(team).execute();
    }

    SmartLogin browser() {
        return new SmartLogin(serverBase());
    }

    /** A patient-context token for Anna from the trusted confidential app (no consent page). */
    JsonNode annaToken(String scope) {
        SmartLogin login = browser();
        URI redirect = login.signIn(login.authorizeUrl(CONFIDENTIAL_APP, APP_REDIRECT, scope, Map.of()), PATIENT_USER, PASSWORD);
        return login.token(redirect, CONFIDENTIAL_APP, CONFIDENTIAL_APP_SECRET, APP_REDIRECT);
    }

    HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverBase() + path))
                .header("Accept", "application/fhir+json").header("Content-Type", "application/fhir+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The patients the resources of a search answer are about (their subject, or themselves for a Patient). */
    java.util.Set<String> patientsIn(HttpResponse<String> bundle) {
        java.util.Set<String> patients = new java.util.TreeSet<>();
        browser().read(bundle.body()).path("entry").forEach(entry -> {
            JsonNode resource = entry.path("resource");
            patients.add(resource.path("resourceType").asText().equals("Patient") ? "Patient/" + resource.path("id").asText()
                    : resource.path("subject").path("reference").asText());
        });
        return patients;
    }

    /** The ids (Type/id) of the resources a search answer carries. */
    List<String> ids(HttpResponse<String> bundle) {
        JsonNode entries = browser().read(bundle.body()).path("entry");
        List<String> ids = new java.util.ArrayList<>();
        entries.forEach(entry -> ids.add(entry.path("resource").path("resourceType").asText() + "/"
                + entry.path("resource").path("id").asText()));
        return ids;
    }
}
