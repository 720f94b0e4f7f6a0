package dev.pulsebridge.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Closed-loop load: N clients each doing one request after another, for a count or a duration. */
public final class Load {

    /** What one client does once; {@code index} numbers the requests of the whole run from 0. */
    @FunctionalInterface
    public interface Request {
        void run(int index) throws Exception;
    }

    /** @param latencies per-request latency; {@code seconds} wall time of the whole run */
    public record Outcome(Samples latencies, int requests, double seconds) {

        public double perSecond() {
            return requests / seconds;
        }
    }

    private Load() {
    }

    public static Outcome count(int clients, int total, Request request) {
        AtomicInteger next = new AtomicInteger();
        return run(clients, () -> {
            int index = next.getAndIncrement();
            return index < total ? index : -1;
        }, request);
    }

    public static Outcome during(int clients, Duration duration, Request request) {
        long end = System.nanoTime() + duration.toNanos();
        AtomicInteger next = new AtomicInteger();
        return run(clients, () -> System.nanoTime() < end ? next.getAndIncrement() : -1, request);
    }

    private interface Ticket {
        int next();
    }

    private static Outcome run(int clients, Ticket tickets, Request request) {
        Samples latencies = new Samples();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int index = tickets.next(); index >= 0 && failure.get() == null; index = tickets.next()) {
                    long t0 = System.nanoTime();
                    try {
                        request.run(index);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    latencies.addNanos(System.nanoTime() - t0);
                    done.incrementAndGet();
                }
            }));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed: " + failure.get().getMessage(), failure.get());
        }
        return new Outcome(latencies, done.get(), (System.nanoTime() - started) / 1e9);
    }
}
