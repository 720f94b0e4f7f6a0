package dev.pulsebridge.terminology;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the code table: a Withings value (a getmeas type, a sleep/activity/workout field, an
 * ECG result) and everything needed to publish it as FHIR.
 *
 * @param loinc LOINC codings, in the order they appear in {@code Observation.code}; empty when
 *     LOINC has no fitting code and only our local code is emitted
 * @param zeroMeansAbsent Withings sends 0 for "not measured" in this field
 * @param ignoredBecause for {@link ValueKind#NOT_EMITTED} rows, why no Observation is made
 * @param unmapped the row was synthesised for a value the table does not know
 * @param mdc MDC codings, after the LOINC ones in {@code Observation.code}; for device signals
 */
public record Metric(
        Source source,
        String key,
        String display,
        List<LoincMapping> loinc,
        Unit unit,
        Conversion conversion,
        Family family,
        VitalSignProfile profile,
        ValueKind kind,
        boolean zeroMeansAbsent,
        String ignoredBecause,
        boolean unmapped,
        List<MdcCode> mdc) {

    public Metric {
        Objects.requireNonNull(source);
        Objects.requireNonNull(key);
        Objects.requireNonNull(display);
        loinc = List.copyOf(loinc);
        mdc = List.copyOf(mdc);
        Objects.requireNonNull(family);
        Objects.requireNonNull(kind);
        if (kind == ValueKind.QUANTITY) {
            Objects.requireNonNull(unit, () -> "quantity metric without unit: " + key);
            Objects.requireNonNull(conversion, () -> "quantity metric without conversion: " + key);
        }
        if (kind == ValueKind.NOT_EMITTED && ignoredBecause == null) {
            throw new IllegalArgumentException("say why " + key + " is not emitted");
        }
    }

    /** Our local code, e.g. {@code getmeas:1} or {@code sleep:deepsleepduration}. */
    public String code() {
        return source.code(key);
    }

    public boolean emitted() {
        return kind != ValueKind.NOT_EMITTED;
    }

    public Optional<VitalSignProfile> vitalSignProfile() {
        return Optional.ofNullable(profile);
    }

    public List<LoincCode> observationLoincCodes() {
        return loinc.stream().filter(LoincMapping::usableAsObservationCode).map(LoincMapping::loinc).toList();
    }

    /** The Withings value (already decoded to a number in Withings' unit) in our UCUM unit. */
    public BigDecimal toUcum(BigDecimal withingsValue) {
        return conversion.apply(withingsValue);
    }
}
