package dev.pulsebridge.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.server.withings.account.WithingsAccounts;
import dev.pulsebridge.server.withings.api.WithingsApiClient;
import dev.pulsebridge.server.withings.notify.WithingsNotifySubscriptions;
import dev.pulsebridge.server.withings.webhook.WithingsWebhookSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Helpers for tests that link patients to simulated Withings users. Adds no configuration. */
public abstract class WithingsIntegrationTest extends ServerIntegrationTest {

    protected final SimulatorAdmin simulator = new SimulatorAdmin(SimulatorProcess.shared());
    protected final PatientBrowser browser = new PatientBrowser();

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected WithingsAccounts accounts;

    @Autowired
    protected WithingsWebhookSecret webhookSecret;

    @Autowired
    protected WithingsApiClient api;

    @Autowired
    private WithingsNotifySubscriptions notifySubscriptions;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void realisticTokenLifetime() {
        simulator.setTokenLifetimeSeconds(10800);
    }

    protected String newPatient() {
        Patient patient = new Patient();
        patient.addName().setFamily("Withings").addGiven("Test");
        patient.addIdentifier().setSystem("urn:pulsebridge:test").setValue(unique("patient"));
        return fhirClient().create().resource(patient).execute().getId().getIdPart();
    }

    protected Parameters operation(String patientId, String name) {
        return fhirClient().operation().onInstance("Patient/" + patientId).named(name)
                .withNoParameters(Parameters.class).execute();
    }

    protected Parameters status(String patientId) {
        return fhirClient().operation().onInstance("Patient/" + patientId).named("$withings-status")
                .withNoParameters(Parameters.class).useHttpGet().execute();
    }

    protected String linkUrl(String patientId) {
        return operation(patientId, "$withings-connect").getParameterValue("url").primitiveValue();
    }

    protected String linkUrl(String patientId, String backfill) {
        Parameters in = new Parameters();
        in.addParameter("backfill", backfill);
        return fhirClient().operation().onInstance("Patient/" + patientId).named("$withings-connect")
                .withParameters(in).execute().getParameterValue("url").primitiveValue();
    }

    /**
     * Links the patient to the Withings user through the whole browser flow, without a backfill, and waits
     * until the sync engine has subscribed the webhooks: tests of the connection itself want no sync job
     * calling Withings beside them (it would refresh tokens and use up injected faults). Returns the account id.
     */
    protected long link(String patientId, long withingsUserId) {
        long account = link(patientId, withingsUserId, "none");
        awaitWebhooksSubscribed(patientId);
        return account;
    }

    protected long link(String patientId, long withingsUserId, String backfill) {
        HttpResponse<String> page = browser.link(linkUrl(patientId, backfill), withingsUserId);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return accounts.forPatient(patientId).orElseThrow().id();
    }

    /**
     * Withings withdraws the user's grant without telling us: the webhooks the sync engine subscribed are
     * dropped first (Withings sends the "unlink" notification to them), so the grant's loss shows only
     * through refused tokens.
     */
    protected void revokeAtWithingsSilently(long accountId, long withingsUserId) {
        notifySubscriptions.revokeAll(accountId);
        simulator.revokeAtWithings(withingsUserId);
    }

    /** Waits for the sync engine to have subscribed the account's webhooks at the simulator. */
    protected void awaitWebhooksSubscribed(String patientId) {
        awaitStatus(patientId, Duration.ofSeconds(30), status -> "subscribed".equals(value(status, "webhooks")));
    }

    /** Asks {@code $withings-status} until it satisfies the condition; fails with the last answer. */
    protected Parameters awaitStatus(String patientId, Duration timeout, Predicate<Parameters> condition) {
        Instant deadline = Instant.now().plus(timeout);
        Parameters status = status(patientId);
        while (!condition.test(status)) {
            assertThat(Instant.now()).as("status never got there: %s", FHIR.newJsonParser().encodeResourceToString(status))
                    .isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            status = status(patientId);
        }
        return status;
    }

    protected String webhookUrl() {
        return "http://localhost:" + port + "/withings/webhook/" + webhookSecret.value();
    }

    /** Posts a form-encoded body as Withings posts notifications. */
    protected HttpResponse<String> postForm(String url, String form) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String value(Parameters parameters, String name) {
        return parameters.hasParameter(name) ? parameters.getParameterValue(name).primitiveValue() : null;
    }

    protected static List<String> values(Parameters parameters, String name) {
        return parameters.getParameters(name).stream().map(p -> p.getValue().primitiveValue()).toList();
    }
}
