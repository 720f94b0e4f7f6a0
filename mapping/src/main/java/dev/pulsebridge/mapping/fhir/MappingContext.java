package dev.pulsebridge.mapping.fhir;

import java.util.Objects;
import java.util.Optional;

/**
 * What the caller knows that a Withings payload does not say.
 *
 * @param patientReference the FHIR Patient the Withings account is linked to, e.g. {@code Patient/42}
 * @param withingsUserId the Withings userid; it prefixes every business identifier
 * @param latestHeight the newest height already stored for the patient, for BMI when a payload has
 *     weights but no height
 */
public record MappingContext(String patientReference, String withingsUserId, KnownHeight latestHeight) {

    public MappingContext {
        Objects.requireNonNull(patientReference, "patientReference");
        if (!patientReference.startsWith("Patient/")) {
            throw new IllegalArgumentException("Expected a Patient reference, got " + patientReference);
        }
        Objects.requireNonNull(withingsUserId, "withingsUserId");
        if (withingsUserId.isBlank()) {
            throw new IllegalArgumentException("Withings userid is blank");
        }
    }

    public MappingContext(String patientReference, String withingsUserId) {
        this(patientReference, withingsUserId, null);
    }

    public Optional<KnownHeight> knownHeight() {
        return Optional.ofNullable(latestHeight);
    }

    public MappingContext withLatestHeight(KnownHeight height) {
        return new MappingContext(patientReference, withingsUserId, height);
    }
}
