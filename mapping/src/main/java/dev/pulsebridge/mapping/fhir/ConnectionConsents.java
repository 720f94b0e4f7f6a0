package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.terminology.Canonicals;
import dev.pulsebridge.terminology.LocalCodeLists;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Consent;
import org.hl7.fhir.r5.model.Consent.ConsentState;
import org.hl7.fhir.r5.model.DateType;
import org.hl7.fhir.r5.model.Identifier;
import org.hl7.fhir.r5.model.Period;
import org.hl7.fhir.r5.model.Reference;

/**
 * A patient's Withings link as FHIR: a Consent (the patient's agreement that this server reads their
 * Withings data), {@code active} while connected and {@code inactive} once disconnected or revoked, with
 * the precise state in an extension. Subscribers of the connection topic learn from it that data
 * started or stopped flowing.
 */
public final class ConnectionConsents {

    public enum State {
        CONNECTED("connected"), DISCONNECTED("disconnected"), REVOKED("revoked");

        private final String code;

        State(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private static final String LOINC_PATIENT_CONSENT = "59284-0";

    private ConnectionConsents() {
    }

    /**
     * @param linkedAt when the current link was made
     * @param changedAt when the state last changed (the end of the consent's period when not connected)
     */
    public static Consent consent(String patientId, String withingsUserId, State state, Instant linkedAt,
            Instant changedAt) {
        Consent consent = new Consent();
        consent.setId(StableIds.connectionConsent(patientId));
        consent.getMeta().setSource(Canonicals.WITHINGS_SOURCE);
        consent.addIdentifier(new Identifier().setSystem(Canonicals.ACCOUNT_IDENTIFIER).setValue(withingsUserId));
        consent.setStatus(state == State.CONNECTED ? ConsentState.ACTIVE : ConsentState.INACTIVE);
        consent.addCategory(new CodeableConcept(new Coding(Canonicals.CONSENT_CATEGORY,
                LocalCodeLists.WITHINGS_DATA_SHARING,
                LocalCodeLists.CONSENT_CATEGORY.display(LocalCodeLists.WITHINGS_DATA_SHARING).orElseThrow())));
        consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", LOINC_PATIENT_CONSENT, "Patient Consent")));
        consent.setSubject(new Reference("Patient/" + patientId));
        consent.setDateElement(new DateType(Date.from(linkedAt)));
        Period period = new Period().setStart(Date.from(linkedAt));
        if (state != State.CONNECTED) {
            period.setEnd(Date.from(changedAt));
        }
        consent.setPeriod(period);
        consent.setDecision(org.hl7.fhir.r5.model.Enumerations.ConsentProvisionType.PERMIT);
        Coding stateCoding = new Coding(Canonicals.CONNECTION_STATE, state.code(),
                LocalCodeLists.CONNECTION_STATE.display(state.code()).orElseThrow());
        consent.addExtension(Canonicals.CONNECTION_STATE_EXTENSION, stateCoding);
        return consent;
    }
}
