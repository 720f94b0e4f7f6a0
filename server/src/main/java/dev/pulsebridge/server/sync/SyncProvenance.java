package dev.pulsebridge.server.sync;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Identifier;
import org.hl7.fhir.r5.model.Period;
import org.hl7.fhir.r5.model.Provenance;
import org.hl7.fhir.r5.model.Reference;
import org.springframework.stereotype.Component;

/** The Provenance of one write batch: which Withings fetch, for which patient, when, and what it wrote. */
@Component
class SyncProvenance {

    static final String FETCH_SYSTEM = "https://pulsebridge.dev/fhir/sid/withings-fetch";

    Provenance of(SyncBatch batch, List<String> targets, Instant recorded) {
        Provenance provenance = new Provenance();
        targets.forEach(target -> provenance.addTarget(new Reference(target)));
        provenance.setRecorded(Date.from(recorded));
        provenance.setPatient(new Reference(batch.patientReference()));
        if (batch.window().ranged()) {
            provenance.setOccurred(new Period()
                    .setStart(Date.from(Instant.ofEpochSecond(batch.window().start())))
                    .setEnd(Date.from(Instant.ofEpochSecond(batch.window().end()))));
        }
        provenance.setActivity(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise")));
        provenance.addAgent()
                .setType(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler")))
                .setWho(new Reference().setDisplay("Pulsebridge Withings sync"));
        String what = batch.origin() + ", " + batch.dataKind().code() + ", " + batch.window();
        provenance.addEntity()
                .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(FETCH_SYSTEM).setValue(what))
                        .setDisplay("Withings API read: " + what));
        return provenance;
    }
}
