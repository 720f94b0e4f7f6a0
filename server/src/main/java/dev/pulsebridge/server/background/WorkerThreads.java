package dev.pulsebridge.server.background;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fixed set of daemon threads, each running one loop under its own owner name (what leases in the
 * database are taken in). Stopping interrupts the loops and waits for them to end. Used through
 * {@link BackgroundWorker}.
 */
final class WorkerThreads {

    private final ExecutorService pool;

    private WorkerThreads(ExecutorService pool) {
        this.pool = pool;
    }

    /**
     * @param threadName prefix of the threads' names ({@code -1}, {@code -2} ... follow)
     * @param owner      this instance's name; thread {@code i} runs {@code loop} as {@code owner-i}
     */
    static WorkerThreads start(String threadName, int count, String owner, Consumer<String> loop) {
        AtomicInteger numbers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < count; i++) {
            String name = owner + "-" + i;
            pool.submit(() -> loop.accept(name));
        }
        return new WorkerThreads(pool);
    }

    /** @return whether every loop ended within {@code timeout} */
    boolean stop(Duration timeout) {
        pool.shutdownNow();
        try {
            return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * This process's name: host name plus a random part, unique per process and readable in lease columns,
     * at most 49 characters. The heartbeat is kept under it.
     */
    static final String PROCESS = processName();

    /**
     * A name for one worker's threads: the process name, then a random part (one process may run two
     * workers of a kind, as tests do), at most 54 characters; thread {@code i} claims as {@code name-i}.
     */
    static String workerName() {
        return PROCESS + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    private static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        if (host.length() > 40) {
            host = host.substring(0, 40);
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
