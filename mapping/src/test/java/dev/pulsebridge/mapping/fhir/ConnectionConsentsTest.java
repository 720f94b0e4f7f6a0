package dev.pulsebridge.mapping.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.R5Validator;
import dev.pulsebridge.mapping.fhir.ConnectionConsents.State;
import java.time.Instant;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Consent;
import org.hl7.fhir.r5.model.Consent.ConsentState;
import org.junit.jupiter.api.Test;

class ConnectionConsentsTest {

    private static final Instant LINKED = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant CHANGED = Instant.parse("2026-05-10T17:30:00Z");

    @Test
    void aConnectedLinkIsAnActiveConsentWithAnOpenPeriod() {
        Consent consent = ConnectionConsents.consent("pat-1", "1234567", State.CONNECTED, LINKED, LINKED);

        assertThat(consent.getStatus()).isEqualTo(ConsentState.ACTIVE);
        assertThat(consent.getSubject().getReference()).isEqualTo("Patient/pat-1");
        assertThat(consent.getPeriod().getStart().toInstant()).isEqualTo(LINKED);
        assertThat(consent.getPeriod().hasEnd()).isFalse();
        assertThat(state(consent)).isEqualTo("connected");
    }

    @Test
    void aRevokedLinkIsAnInactiveConsentEndingWhenItWasRevoked() {
        Consent consent = ConnectionConsents.consent("pat-1", "1234567", State.REVOKED, LINKED, CHANGED);

        assertThat(consent.getStatus()).isEqualTo(ConsentState.INACTIVE);
        assertThat(consent.getPeriod().getEnd().toInstant()).isEqualTo(CHANGED);
        assertThat(state(consent)).isEqualTo("revoked");
    }

    @Test
    void thePatientKeepsOneConsentWhateverItsState() {
        assertThat(ConnectionConsents.consent("pat-1", "1", State.CONNECTED, LINKED, LINKED).getIdPart())
                .isEqualTo(ConnectionConsents.consent("pat-1", "2", State.DISCONNECTED, LINKED, CHANGED).getIdPart())
                .startsWith("wcon-");
    }

    @Test
    void theConsentIsValidR5() {
        assertThat(R5Validator.errors(ConnectionConsents.consent("pat-1", "1234567", State.DISCONNECTED, LINKED, CHANGED)))
                .isEmpty();
    }

    private static String state(Consent consent) {
        return ((Coding) consent.getExtensionByUrl("https://pulsebridge.dev/fhir/StructureDefinition/withings-connection-state")
                .getValue()).getCode();
    }
}
