package dev.pulsebridge.mapping;

/** The Withings responses that become FHIR resources. */
public enum PayloadKind {
    /** {@code /measure getmeas}. */
    MEASURE_GROUPS,
    /** {@code /v2/sleep getsummary}. */
    SLEEP_SUMMARIES,
    /** {@code /v2/sleep get} on its own: one night's stages and per-minute series. */
    SLEEP_SERIES,
    /** {@code /v2/measure getactivity}. */
    ACTIVITIES,
    /** {@code /v2/measure getintradayactivity}: a day's activity slice by slice, days counted in UTC. */
    INTRADAY_ACTIVITY,
    /** {@code /v2/measure getworkouts}. */
    WORKOUTS,
    /** {@code /v2/heart list}. */
    HEART_RECORDINGS,
    /** {@code /v2/user getdevice}. */
    DEVICES
}
