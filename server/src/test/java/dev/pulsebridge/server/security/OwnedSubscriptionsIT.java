package dev.pulsebridge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.server.support.NotificationReceiver;
import dev.pulsebridge.server.support.OAuthTokens;
import dev.pulsebridge.server.support.RestHookSubscriptions;
import dev.pulsebridge.server.support.SmartLogin;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.Subscription;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions made with SMART tokens: a patient or clinician subscribes with their own token, hears only
 * of what that token may read, and reaches only their own subscriptions; an admin removing the client
 * behind a subscription silences it.
 */
class OwnedSubscriptionsIT extends SmartPeopleTest {

    private static final String VITAL_SIGNS = RestHookSubscriptions.TOPIC_BASE + "withings-vital-signs";
    private static final String ANY_OBSERVATION = RestHookSubscriptions.TOPIC_BASE + "withings-observation";
    private static final String FAMILY = "https://pulsebridge.dev/fhir/CodeSystem/observation-family";
    private static final String HL7_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String ANNA_SCOPES = "launch/patient patient/*.cruds";

    @Test
    void aPatientsSubscriptionCarriesOnlyTheirOwnReadings() {
        String anna = annaToken(ANNA_SCOPES).path("access_token").asText();
        try (NotificationReceiver receiver = new NotificationReceiver()) {
            String id = subscribe(anna, VITAL_SIGNS, receiver.url(), "full-resource");

            String bens = write(vitalSign(BEN, "vital-signs"));
            String annas = write(vitalSign(ANNA, "vital-signs"));

            List<NotificationReceiver.Received> events = receiver.await(Duration.ofSeconds(20),
                    received -> focusOf(received).contains("Observation/" + annas));
            assertThat(focusOf(events)).containsExactly("Observation/" + annas).doesNotContain("Observation/" + bens);
            assertThat(eventFocus(anna, id)).containsExactly("Observation/" + annas);
        }
    }

    @Test
    void aCliniciansSubscriptionCarriesOnlyTheirCareTeamsReadings() {
        String cho = clinicianToken("user/*.cruds");
        String id = subscribe(cho, VITAL_SIGNS, "http://127.0.0.1:9/unreachable", "id-only");

        String outsiders = write(vitalSign(OUTSIDER, "vital-signs"));
        String bens = write(vitalSign(BEN, "vital-signs"));

        assertThat(eventFocus(cho, id)).containsExactly("Observation/" + bens).doesNotContain("Observation/" + outsiders);
    }

    @Test
    void aGranularScopeNarrowsWhatASubscriptionCarries() {
        String labsOnly = annaToken("launch/patient patient/Subscription.cruds patient/Observation.rs?category=laboratory")
                .path("access_token").asText();
        String id = subscribe(labsOnly, ANY_OBSERVATION, "http://127.0.0.1:9/unreachable", "id-only");

        write(vitalSign(ANNA, "vital-signs"));
        String lab = write(vitalSign(ANNA, "laboratory"));

        assertThat(eventFocus(labsOnly, id)).containsExactly("Observation/" + lab);
    }

    @Test
    void aFilterOnAnotherPatientIsRefused() {
        String anna = annaToken(ANNA_SCOPES).path("access_token").asText();
        Subscription subscription = RestHookSubscriptions.subscription(VITAL_SIGNS, "http://127.0.0.1:9/x", "id-only");
        subscription.addFilterBy().setFilterParameter("patient").setValue("Patient/" + BEN);

        HttpResponse<String> refused = call("POST", "/fhir/Subscription", anna, json(subscription));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("OperationOutcome").contains("Patient/" + BEN);
    }

    @Test
    void aFilterOnItsOwnPatientIsAccepted() {
        String anna = annaToken(ANNA_SCOPES).path("access_token").asText();
        Subscription subscription = RestHookSubscriptions.subscription(VITAL_SIGNS, "http://127.0.0.1:9/x", "id-only");
        subscription.addFilterBy().setFilterParameter("patient").setValue("Patient/" + ANNA);

        assertThat(call("POST", "/fhir/Subscription", anna, json(subscription)).statusCode()).isEqualTo(201);
    }

    @Test
    void aSubscriptionToATypeTheTokenMayNotReadIsRefused() {
        String patientsOnly = annaToken("launch/patient patient/Subscription.cruds patient/Patient.rs")
                .path("access_token").asText();
        Subscription subscription = RestHookSubscriptions.subscription(VITAL_SIGNS, "http://127.0.0.1:9/x", "id-only");
        subscription.addFilterBy().setResourceType("Observation").setFilterParameter("patient").setValue("Patient/" + ANNA);

        assertThat(call("POST", "/fhir/Subscription", patientsOnly, json(subscription)).statusCode()).isEqualTo(403);
    }

    @Test
    void someoneElsesSubscriptionIsOutOfReach() {
        String anna = annaToken(ANNA_SCOPES).path("access_token").asText();
        String theirs = RestHookSubscriptions.subscribe(fhirClient(), VITAL_SIGNS, "http://127.0.0.1:9/x", "id-only",
                "patient", "Patient/" + BEN);
        String path = "/fhir/Subscription/" + theirs;

        assertThat(call("GET", path, anna, null).statusCode()).isEqualTo(404);
        assertThat(ids(call("GET", "/fhir/Subscription?_count=500", anna, null))).doesNotContain("Subscription/" + theirs);
        assertThat(call("GET", path + "/$status", anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", path + "/$events", anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", path + "/$get-ws-binding-token", anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Subscription/$status", anna, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/fhir/Subscription/$status?id=" + theirs, anna, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", path, anna, null).statusCode()).isEqualTo(403);
        assertThat(fhirClient().read().resource(Subscription.class).withId(theirs).execute().getEndpoint())
                .as("still there, unchanged").isEqualTo("http://127.0.0.1:9/x");
    }

    @Test
    void theOwnerReadsAndManagesTheirSubscription() {
        String anna = annaToken(ANNA_SCOPES).path("access_token").asText();
        String id = subscribe(anna, VITAL_SIGNS, "http://127.0.0.1:9/x", "id-only");
        String path = "/fhir/Subscription/" + id;

        assertThat(call("GET", path, anna, null).statusCode()).isEqualTo(200);
        assertThat(ids(call("GET", "/fhir/Subscription?_count=500", anna, null))).contains("Subscription/" + id);
        assertThat(call("GET", path + "/$status", anna, null).body()).contains("SubscriptionStatus");
        assertThat(call("GET", "/fhir/Subscription/$status?id=" + id, anna, null).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", path, anna, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherAppOfTheSamePatientDoesNotReachTheSubscription() {
        String confidential = annaToken(ANNA_SCOPES).path("access_token").asText();
        String id = subscribe(confidential, VITAL_SIGNS, "http://127.0.0.1:9/x", "id-only");
        String publicApp = publicAppToken(ANNA_SCOPES);

        assertThat(call("GET", "/fhir/Subscription/" + id, publicApp, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSubscriptionWhoseClientWasRemovedHearsNothingMore() {
        String clientId = unique("subscriber");
        String secret = "a-secret-of-at-least-24-chars";
        String scopes = "system/Observation.rs system/Subscription.cruds";
        HttpResponse<String> added = admin("PUT", "/clients/" + clientId, """
                {"clientSecret": "%s", "scopes": "%s"}""".formatted(secret, scopes));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String token = OAuthTokens.clientCredentials(serverBase(), clientId, secret, scopes).path("access_token").asText();
        String patient = unique("subscribed");
        fhirClient().update().resource(new org.hl7.fhir.r5.model.Patient().setId(patient)).execute();
        String id = subscribe(token, VITAL_SIGNS, "http://127.0.0.1:9/x", "id-only", "patient", "Patient/" + patient);
        String heard = write(vitalSign(patient, "vital-signs"));
        assertThat(eventFocus(bearer().substring("Bearer ".length()), id)).containsExactly("Observation/" + heard);

        assertThat(admin("DELETE", "/clients/" + clientId, null).statusCode()).isEqualTo(204);
        write(vitalSign(patient, "vital-signs"));

        assertThat(eventFocus(bearer().substring("Bearer ".length()), id)).containsExactly("Observation/" + heard);
    }

    // ---- helpers ----

    private String subscribe(String token, String topic, String endpoint, String content, String... filters) {
        Subscription subscription = RestHookSubscriptions.subscription(topic, endpoint, content);
        for (int i = 0; i < filters.length; i += 2) {
            subscription.addFilterBy().setFilterParameter(filters[i]).setValue(filters[i + 1]);
        }
        HttpResponse<String> created = call("POST", "/fhir/Subscription", token, json(subscription));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return browser().read(created.body()).path("id").asText();
    }

    /** The focus of every event the subscription recorded, read through {@code $events} with this token. */
    private List<String> eventFocus(String token, String subscriptionId) {
        HttpResponse<String> events = call("GET", "/fhir/Subscription/" + subscriptionId + "/$events?content=id-only",
                token, null);
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        List<String> focus = new ArrayList<>();
        browser().read(events.body()).path("entry").path(0).path("resource").path("notificationEvent")
                .forEach(event -> focus.add(relative(event.path("focus").path("reference").asText())));
        return focus;
    }

    private static List<String> focusOf(List<NotificationReceiver.Received> received) {
        return received.stream().filter(r -> r.type() == org.hl7.fhir.r5.model.SubscriptionStatus.SubscriptionNotificationType.EVENTNOTIFICATION)
                .flatMap(r -> r.status().getNotificationEvent().stream())
                .map(event -> relative(event.getFocus().getReference())).toList();
    }

    private static String relative(String reference) {
        int at = reference.indexOf("Observation/");
        String relative = at >= 0 ? reference.substring(at) : reference;
        int history = relative.indexOf("/_history");
        return history >= 0 ? relative.substring(0, history) : relative;
    }

    private String write(Observation observation) {
        return fhirClient().create().resource(observation).execute().getId().getIdPart();
    }

    /** A Withings vital-sign reading; {@code hl7Category} is the HL7 category it also carries. */
    private static Observation vitalSign(String patient, String hl7Category) {
        Observation observation = new Observation();
        observation.setStatus(Enumerations.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(HL7_CATEGORY, hl7Category, null)));
        observation.addCategory(new CodeableConcept(new Coding(FAMILY, "vital-signs", "Vital signs")));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", null)));
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setEffective(new org.hl7.fhir.r5.model.DateTimeType(new Date()));
        observation.setValue(new Quantity().setValue(72).setSystem("http://unitsofmeasure.org").setCode("/min").setUnit("/min"));
        return observation;
    }

    private String clinicianToken(String scope) {
        SmartLogin login = browser();
        URI back = login.signIn(login.authorizeUrl(CONFIDENTIAL_APP, APP_REDIRECT, scope, Map.of()), CLINICIAN_USER, PASSWORD);
        return login.token(back, CONFIDENTIAL_APP, CONFIDENTIAL_APP_SECRET, APP_REDIRECT).path("access_token").asText();
    }

    private String publicAppToken(String scope) {
        SmartLogin login = browser();
        SmartLogin.ConsentForm form = login.consentPage(login.signIn(login.authorizeUrl(PUBLIC_APP, APP_REDIRECT, scope,
                Map.of()), PATIENT_USER, PASSWORD));
        JsonNode token = login.token(login.consent(PUBLIC_APP, form, form.scopes(), null), PUBLIC_APP, null, APP_REDIRECT);
        return token.path("access_token").asText();
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverBase() + "/admin" + path))
                    .header("Authorization", bearer()).header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Subscription subscription) {
        return FHIR.newJsonParser().encodeResourceToString(subscription);
    }
}
