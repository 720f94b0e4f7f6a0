package dev.pulsebridge.terminology;

/** What an Observation (or component) for a metric carries. */
public enum ValueKind {
    /** {@code valueQuantity} in the metric's UCUM unit. */
    QUANTITY,
    /** {@code valueCodeableConcept} from one of our classification code systems. */
    CODED,
    /** {@code valueString}, for Withings' free-text statuses. */
    TEXT,
    /**
     * {@code valueSampledData}: a time series in the metric's UCUM unit, one Observation per series per
     * night, day or recording.
     */
    SAMPLED,
    /** {@code valueSampledData} whose data are codes of a local list, named by its {@code codeMap}. */
    CODED_SAMPLED,
    /** No value: a panel whose members or components carry the readings. */
    PANEL,
    /** Known but deliberately not turned into an Observation; {@link Metric#ignoredBecause()} says why. */
    NOT_EMITTED
}
