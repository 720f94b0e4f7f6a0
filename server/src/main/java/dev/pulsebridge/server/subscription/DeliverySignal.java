package dev.pulsebridge.server.subscription;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * Wakes this instance's deliverers when a local write stored events, so a notification leaves within
 * milliseconds rather than at the next poll (which still finds events stored through other instances).
 */
@Component
class DeliverySignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stored = lock.newCondition();
    private long generation;

    void eventsStored() {
        lock.lock();
        try {
            generation++;
            stored.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code millis} for events stored after {@code seen}; returns the generation now. */
    long await(long seen, long millis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                stored.awaitNanos(left);
            }
            return generation;
        } finally {
            lock.unlock();
        }
    }

    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }
}
