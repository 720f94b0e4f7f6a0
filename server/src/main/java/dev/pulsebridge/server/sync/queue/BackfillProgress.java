package dev.pulsebridge.server.sync.queue;

/** The windows of a backfill plan and the Observations written so far. */
public record BackfillProgress(int windowsTotal, int windowsDone, int windowsFailed, long observationsWritten) {

    public boolean finished() {
        return windowsDone + windowsFailed == windowsTotal;
    }
}
