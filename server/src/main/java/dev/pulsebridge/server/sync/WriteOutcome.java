package dev.pulsebridge.server.sync;

/**
 * @param recordsChanged       Withings records that were new or different from what we had
 * @param observationsWritten  Observations created or updated
 * @param observationsRetired  Observations marked entered-in-error because Withings no longer has them
 */
record WriteOutcome(int recordsChanged, int observationsWritten, int observationsRetired) {

    static final WriteOutcome NOTHING = new WriteOutcome(0, 0, 0);

    boolean wroteAnything() {
        return observationsWritten + observationsRetired > 0;
    }
}
