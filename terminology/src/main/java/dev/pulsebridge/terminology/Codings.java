package dev.pulsebridge.terminology;

import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;

/** FHIR codings for table rows and code lists, so every resource spells a code the same way. */
public final class Codings {

    private Codings() {
    }

    /** LOINC codings first (the vital-signs profiles slice on them), then MDC, then our local code. */
    public static CodeableConcept observationCode(Metric metric) {
        CodeableConcept concept = new CodeableConcept();
        metric.observationLoincCodes().forEach(loinc -> concept.addCoding(loinc(loinc)));
        metric.mdc().forEach(mdc -> concept.addCoding(new Coding(Canonicals.MDC, mdc.code(), mdc.display())));
        concept.addCoding(local(metric));
        concept.setText(metric.display());
        return concept;
    }

    public static Coding local(Metric metric) {
        return new Coding(Canonicals.WITHINGS_MEASURE, metric.code(), metric.display());
    }

    public static Coding loinc(LoincCode loinc) {
        return new Coding(Canonicals.LOINC, loinc.code(), loinc.display());
    }

    public static Coding hl7Category(Family family) {
        return new Coding(Canonicals.OBSERVATION_CATEGORY, family.hl7Category(), Family.hl7CategoryDisplay(family.hl7Category()));
    }

    public static Coding family(Family family) {
        return new Coding(Canonicals.DATA_FAMILY, family.code(), family.display());
    }

    /** A code from a local list; a code the list does not know keeps its value with a generic display. */
    public static Coding of(CodeList list, String code) {
        return new Coding(list.url(), code, list.display(code).orElse(list.title() + " " + code));
    }

    public static CodeableConcept concept(CodeList list, String code) {
        Coding coding = of(list, code);
        return new CodeableConcept(coding).setText(coding.getDisplay());
    }
}
