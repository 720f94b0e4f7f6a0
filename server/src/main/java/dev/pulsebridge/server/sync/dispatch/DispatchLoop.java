package dev.pulsebridge.server.sync.dispatch;

import dev.pulsebridge.server.sync.SyncProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the {@link InboxDispatcher} on a fixed delay while the server runs; drains the inbox each time. */
@Component
class DispatchLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    private static final int BATCH = 200;

    private final InboxDispatcher dispatcher;
    private final SyncProperties properties;
    private ScheduledExecutorService executor;

    DispatchLoop(InboxDispatcher dispatcher, SyncProperties properties) {
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pulsebridge-inbox-dispatch");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.dispatchInterval().toMillis();
        executor.scheduleWithFixedDelay(this::drain, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            while (dispatcher.dispatch(BATCH) == BATCH) {
                // a full batch means more may be waiting
            }
        } catch (RuntimeException e) {
            log.warn("Dispatching webhook notifications failed; will retry: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
