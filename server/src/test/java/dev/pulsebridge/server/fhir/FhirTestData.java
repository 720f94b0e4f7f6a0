package dev.pulsebridge.server.fhir;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Date;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.HumanName;
import org.hl7.fhir.r5.model.Identifier;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Patient;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.Reference;

/** Small, valid R5 resources for the REST tests. */
final class FhirTestData {

    static final String LOINC = "http://loinc.org";
    static final String HEART_RATE = "8867-4";
    static final String BODY_WEIGHT = "29463-7";
    static final String IDENTIFIER_SYSTEM = "https://pulsebridge.dev/test/patient";

    private FhirTestData() {
    }

    /** The search (and conditional-operation) URL matching resources that carry this test identifier. */
    static String byIdentifier(String resourceType, String identifier) {
        return resourceType + "?identifier=" + IDENTIFIER_SYSTEM + "|" + identifier;
    }

    static Patient patient(String identifier) {
        Patient patient = new Patient();
        patient.addIdentifier(new Identifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier));
        patient.addName(new HumanName().setFamily("Okafor").addGiven("Ada"));
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        return patient;
    }

    static Observation heartRate(String subject, String isoDateTime, int beatsPerMinute) {
        return vitalSign(subject, isoDateTime, HEART_RATE, "Heart rate",
                new Quantity().setValue(beatsPerMinute).setUnit("beats/minute")
                        .setSystem("http://unitsofmeasure.org").setCode("/min"));
    }

    static Observation bodyWeight(String subject, String isoDateTime, String kilograms) {
        return vitalSign(subject, isoDateTime, BODY_WEIGHT, "Body weight",
                new Quantity().setValue(new BigDecimal(kilograms)).setUnit("kg")
                        .setSystem("http://unitsofmeasure.org").setCode("kg"));
    }

    private static Observation vitalSign(String subject, String isoDateTime, String code, String display,
                                         Quantity value) {
        Observation observation = new Observation();
        observation.setStatus(Enumerations.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        observation.setCode(new CodeableConcept(new Coding(LOINC, code, display)));
        observation.setSubject(new Reference(subject));
        observation.setEffective(new DateTimeType(Date.from(OffsetDateTime.parse(isoDateTime).toInstant())));
        observation.setValue(value);
        return observation;
    }
}
