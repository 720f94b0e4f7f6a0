package dev.pulsebridge.server.withings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.pulsebridge.server.support.WithingsIntegrationTest;
import java.util.Map;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.Quantity;
import org.junit.jupiter.api.Test;

class WithingsDisconnectIT extends WithingsIntegrationTest {


    private void subscribe(long accountId, int appli) {
        // Any URL answering HEAD with 200 will do; the webhook endpoint belongs to the sync engine.
        api.call(accountId, "/notify", "subscribe", Map.of("callbackurl", "http://localhost:" + port
                + "/withings/callback", "appli", Integer.toString(appli)));
    }

    private IdType weightOf(String patientId) {
        Observation weight = new Observation();
        weight.setStatus(Enumerations.ObservationStatus.FINAL);
        weight.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7");
        weight.getSubject().setReference("Patient/" + patientId);
        weight.setValue(new Quantity().setValue(72.5).setSystem("http://unitsofmeasure.org").setCode("kg").setUnit("kg"));
        return (IdType) fhirClient().create().resource(weight).execute().getId();
    }

    @Test
    void disconnectRevokesSubscriptionsDeletesTokensAndKeepsObservations() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        subscribe(account, 1);
        subscribe(account, 44);
        int subscriptions = simulator.subscriptions(user).size();
        IdType observation = weightOf(patient);

        Parameters result = operation(patient, "$withings-disconnect");

        assertThat(value(result, "status")).isEqualTo("revoked");
        assertThat(subscriptions).as("the sync engine's nine and the test's two").isEqualTo(11);
        assertThat(value(result, "subscriptionsRevoked")).isEqualTo("11");
        assertThat(simulator.subscriptions(user)).isEmpty();
        Map<String, Object> row = jdbc.sql("select access_token, refresh_token from withings_account where patient_id = ?")
                .param(patient).query().singleRow();
        assertThat(row.get("access_token")).isNull();
        assertThat(row.get("refresh_token")).isNull();
        assertThat(value(status(patient), "status")).isEqualTo("revoked");
        assertThat(value(status(patient), "statusReason")).contains("$withings-disconnect");
        assertThat(fhirClient().read().resource(Observation.class).withId(observation.toUnqualifiedVersionless())
                .execute().getValueQuantity().getValue()).isEqualByComparingTo("72.5");
    }

    @Test
    void disconnectSucceedsWhenTheGrantIsAlreadyGoneAtWithings() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user);
        simulator.revokeAtWithings(user);

        Parameters result = operation(patient, "$withings-disconnect");

        assertThat(value(result, "status")).isEqualTo("revoked");
        // Withings also sends appli 46 "unlink" to our webhook; whichever comes first revokes the account,
        // and when the disconnect still finds it connected, its failed revoke of the webhooks is reported.
        if (result.hasParameter("warning")) {
            assertThat(value(result, "warning")).contains("could not be revoked");
        }
        Map<String, Object> row = jdbc.sql("select access_token, refresh_token from withings_account where patient_id = ?")
                .param(patient).query().singleRow();
        assertThat(row.get("access_token")).isNull();
        assertThat(row.get("refresh_token")).isNull();
    }

    @Test
    void disconnectedPatientCanReconnectWithANewLink() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user);
        operation(patient, "$withings-disconnect");

        link(patient, user);

        Parameters status = status(patient);
        assertThat(value(status, "status")).isEqualTo("connected");
        assertThat(status.hasParameter("statusReason")).isFalse();
    }

    @Test
    void lostConnectionIsRestoredByRelinking() {
        long user = simulator.createUser();
        String patient = newPatient();
        long account = link(patient, user);
        revokeAtWithingsSilently(account, user);
        assertThatThrownBy(() -> api.call(account, "/measure", "getmeas", Map.of()))
                .isInstanceOf(dev.pulsebridge.server.withings.account.AccountNotConnectedException.class);
        assertThat(value(status(patient), "status")).isEqualTo("disconnected");

        long relinked = link(patient, user);

        assertThat(relinked).isEqualTo(account);
        assertThat(value(status(patient), "status")).isEqualTo("connected");
        assertThat(api.call(account, "/measure", "getmeas", Map.of("lastupdate", "1")).has("measuregrps")).isTrue();
    }

    @Test
    void revokedWithingsAccountCanBeLinkedToAnotherPatient() {
        long user = simulator.createUser();
        String first = newPatient();
        link(first, user);
        operation(first, "$withings-disconnect");
        String second = newPatient();

        link(second, user);

        assertThat(value(status(second), "status")).isEqualTo("connected");
        assertThat(value(status(first), "status")).isEqualTo("revoked");
    }

    @Test
    void unlinkAtWithingsRevokesTheAccountLikeADisconnect() {
        long user = simulator.createUser();
        String patient = newPatient();
        link(patient, user);

        accounts.revokeWithingsUser(Long.toString(user), "Withings user unlinked the app (appli 46, action=unlink)");

        Parameters status = status(patient);
        assertThat(value(status, "status")).isEqualTo("revoked");
        assertThat(value(status, "statusReason")).contains("action=unlink");
        assertThat(jdbc.sql("select refresh_token from withings_account where patient_id = ?").param(patient)
                .query(String.class).optional()).isEmpty();
    }

    @Test
    void disconnectOfAPatientNeverLinkedAnswers404() {
        assertThatThrownBy(() -> operation(newPatient(), "$withings-disconnect"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("has no Withings link");
    }
}
