package dev.pulsebridge.server.background;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The one way the server runs background work: {@code threads} daemon threads that each call
 * {@link #runOnce} over and over while the application runs, sleeping the idle poll whenever a
 * pass found nothing to do. A pass that throws is logged and retried a second later (the database may
 * be restarting). Started with the application context and stopped before it closes, interrupting the
 * threads and waiting for them.
 */
public abstract class BackgroundWorker implements SmartLifecycle {

    /**
     * A worker finishes the page it is writing before it hands its job back, and a large page (a few
     * thousand Observations in one FHIR transaction) took over 30 s on a slow 2-core machine.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(1);

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String threadName;
    private final boolean enabled;
    private final int threadCount;
    private final Duration idlePoll;
    private final String instance = WorkerThreads.workerName();
    private volatile boolean running;
    private WorkerThreads threads;

    /**
     * @param enabled   whether this instance runs the work at all (configuration can leave it to others)
     * @param threads   how many threads run passes concurrently
     * @param idlePoll  how long a thread waits after a pass that found nothing to do
     */
    protected BackgroundWorker(String threadName, boolean enabled, int threads, Duration idlePoll) {
        this.threadName = threadName;
        this.enabled = enabled;
        this.threadCount = threads;
        this.idlePoll = idlePoll;
    }

    /**
     * One pass of work.
     *
     * @param owner the name this thread claims work under, unique per thread and process
     * @return true if there may be more to do at once; false to wait the idle poll first
     */
    protected abstract boolean runOnce(String owner) throws InterruptedException;

    /** Runs before the threads start, even when the work is not enabled here. */
    protected void beforeStart() {
    }

    /** True once stopping began: work interrupted now is being handed back, not failing. */
    protected boolean stopping() {
        return !running;
    }

    @Override
    public synchronized void start() {
        if (threads != null) {
            return;
        }
        beforeStart();
        if (!enabled) {
            return;
        }
        running = true;
        threads = WorkerThreads.start(threadName, threadCount, instance, this::loop);
    }

    @Override
    public synchronized void stop() {
        if (threads == null) {
            return;
        }
        running = false;
        if (!threads.stop(STOP_TIMEOUT)) {
            log.warn("{} threads did not stop within {} s; work they held is retaken when its lease runs out",
                    threadName, STOP_TIMEOUT.toSeconds());
        }
        threads = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return threads != null;
    }

    private void loop(String owner) {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                if (!runOnce(owner)) {
                    Thread.sleep(idlePoll.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("{} ({}) hit a problem and retries shortly: {}", threadName, owner, e.toString());
                try {
                    Thread.sleep(PAUSE_AFTER_ERROR.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
