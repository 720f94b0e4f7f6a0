package dev.pulsebridge.server.sync;

/** The windows of a backfill plan and the Observations written so far. */
record BackfillProgress(int windowsTotal, int windowsDone, int windowsFailed, long observationsWritten) {

    boolean finished() {
        return windowsDone + windowsFailed == windowsTotal;
    }
}
