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

    /** Host name plus a random part: unique per process, readable in lease columns. At most 60 characters. */
    static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() > 60 ? name.substring(name.length() - 60) : name;
    }
}
