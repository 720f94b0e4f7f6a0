package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.terminology.Codings;
import dev.pulsebridge.terminology.LocalCodeLists;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Reference;

/** What Withings' {@code attrib} says about a reading, written onto its Observation. */
final class Attribution {

    private Attribution() {
    }

    static void apply(Observation observation, Integer attrib, MappingContext context) {
        if (attrib == null) {
            return;
        }
        observation.setMethod(Codings.concept(LocalCodeLists.ATTRIBUTION, Integer.toString(attrib)));
        if (isAmbiguous(attrib)) {
            // The device could not tell whose reading this was (or it was typed in at sign-up): kept, but not final.
            observation.setStatus(ObservationStatus.PRELIMINARY);
        }
        if (isManual(attrib)) {
            observation.addPerformer(new Reference(context.patientReference()));
        }
    }

    static boolean isAmbiguous(int attrib) {
        return attrib == 1 || attrib == 4;
    }

    static boolean isManual(int attrib) {
        return attrib == 2 || attrib == 4;
    }
}
