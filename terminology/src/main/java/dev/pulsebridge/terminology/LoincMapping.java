package dev.pulsebridge.terminology;

import org.hl7.fhir.r5.model.Enumerations.ConceptMapRelationship;

/** How one of our codes relates to a LOINC code, as published in the ConceptMap. */
public record LoincMapping(LoincCode loinc, ConceptMapRelationship relationship) {

    /**
     * Only an equivalent code, or a broader one the reading is an instance of, may stand in
     * {@code Observation.code}; a merely related code would tell an EHR something we did not measure.
     */
    public boolean usableAsObservationCode() {
        return relationship == ConceptMapRelationship.EQUIVALENT
                || relationship == ConceptMapRelationship.SOURCEISNARROWERTHANTARGET;
    }
}
