package dev.pulsebridge.server.readings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Quantity;
import org.hl7.fhir.r5.model.SampledData;

/**
 * The rows an Observation contributes to the read model: pure, no I/O. An Observation about no patient
 * (a device's self-test, say) contributes nothing: every dashboard question is about one patient.
 */
final class ReadingRows {

    static final String LOINC = "http://loinc.org";
    static final String NO_SYSTEM = "";

    private ReadingRows() {
    }

    /**
     * The rows of an Observation; none for a time series ({@code valueSampledData}): it is not one reading,
     * so {@code $stats} has nothing to average in it, and under {@code $lastn} a night's heart-rate series
     * would push the latest measured heart rate aside. Series are found by ordinary search instead.
     */
    static List<ReadingRow> of(Observation observation) {
        Optional<String> patient = patientOf(observation);
        if (patient.isEmpty() || !observation.hasCode() || observation.getValue() instanceof SampledData) {
            return List.of();
        }
        String id = observation.getIdElement().getIdPart();
        Instant effective = effectiveOf(observation);
        String status = observation.hasStatus() ? observation.getStatus().toCode() : "unknown";
        List<String> categories = new ArrayList<>();
        observation.getCategory().forEach(category -> categories.addAll(tokens(category)));
        List<String> observationCodes = tokens(observation.getCode());
        Coding main = groupingCoding(observation.getCode());
        List<ReadingRow> rows = new ArrayList<>();
        Quantity quantity = observation.getValue() instanceof Quantity q && q.hasValue() ? q : null;
        rows.add(new ReadingRow(id, patient.get(), 0, main.getSystem(), main.getCode(), observationCodes, List.of(),
                categories, effective, quantity == null ? null : quantity.getValue(), unitSystem(quantity), unit(quantity),
                status));
        int part = 0;
        for (Observation.ObservationComponentComponent component : observation.getComponent()) {
            part++;
            if (!component.hasCode() || !(component.getValue() instanceof Quantity value) || !value.hasValue()) {
                continue;
            }
            Coding coding = groupingCoding(component.getCode());
            rows.add(new ReadingRow(id, patient.get(), part, coding.getSystem(), coding.getCode(), tokens(component.getCode()),
                    observationCodes, categories, effective, value.getValue(), unitSystem(value), unit(value), status));
        }
        return rows;
    }

    /** {@code system|code} and bare {@code code} for each coding, so a token search with or without system matches. */
    static List<String> tokens(CodeableConcept concept) {
        Set<String> tokens = new LinkedHashSet<>();
        for (Coding coding : concept.getCoding()) {
            if (coding.hasCode()) {
                tokens.add((coding.hasSystem() ? coding.getSystem() : "") + "|" + coding.getCode());
                tokens.add(coding.getCode());
            }
        }
        return List.copyOf(tokens);
    }

    /** The token a search parameter value ({@code system|code}, {@code |code} or {@code code}) matches. */
    static String token(String system, String code) {
        return system == null ? code : system + "|" + code;
    }

    private static Coding groupingCoding(CodeableConcept concept) {
        Coding chosen = concept.getCoding().stream().filter(coding -> LOINC.equals(coding.getSystem()) && coding.hasCode())
                .findFirst()
                .or(() -> concept.getCoding().stream().filter(Coding::hasCode).findFirst())
                .orElse(new Coding(null, concept.getText(), null));
        // no system is stored as "": the read model's lookups compare codes with =, which never matches null
        return new Coding(chosen.hasSystem() ? chosen.getSystem() : NO_SYSTEM, chosen.getCode() == null ? "" : chosen.getCode(),
                null);
    }

    private static Optional<String> patientOf(Observation observation) {
        String reference = observation.getSubject().getReference();
        if (reference == null || !reference.startsWith("Patient/")) {
            return Optional.empty();
        }
        String id = reference.substring("Patient/".length());
        int history = id.indexOf('/');
        return Optional.of(history >= 0 ? id.substring(0, history) : id);
    }

    /** effectiveDateTime, the start of effectivePeriod, effectiveInstant, else issued. */
    private static Instant effectiveOf(Observation observation) {
        if (observation.hasEffectiveDateTimeType() && observation.getEffectiveDateTimeType().getValue() != null) {
            return observation.getEffectiveDateTimeType().getValue().toInstant();
        }
        if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().getStart() != null) {
            return observation.getEffectivePeriod().getStart().toInstant();
        }
        if (observation.hasEffectiveInstantType() && observation.getEffectiveInstantType().getValue() != null) {
            return observation.getEffectiveInstantType().getValue().toInstant();
        }
        return observation.getIssued() == null ? null : observation.getIssued().toInstant();
    }

    private static String unit(Quantity quantity) {
        if (quantity == null) {
            return null;
        }
        return quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
    }

    private static String unitSystem(Quantity quantity) {
        return quantity == null || !quantity.hasCode() ? null : quantity.getSystem();
    }
}
