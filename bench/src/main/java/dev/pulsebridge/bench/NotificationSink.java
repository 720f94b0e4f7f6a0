package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rest-hook subscriber: answers every notification 200, remembers when the first notification naming
 * each focus (e.g. {@code Observation/wobs-...}) arrived, and the event numbers in the order they came.
 */
public final class NotificationSink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    private final AtomicLong notifications = new AtomicLong();

    private final List<Long> eventNumbers = Collections.synchronizedList(new ArrayList<>());

    public NotificationSink() {
        this(0);
    }

    /** A subscriber on a port of its choosing, so it can go away and come back at the same endpoint. */
    public NotificationSink(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/hook", exchange -> {
            long arrived = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            // recorded before the answer: the server sends the next notification only once this one is
            // answered, so recording afterwards would let two handler threads log them in swapped order
            try {
                notifications.incrementAndGet();
                if (body.length > 0) {
                    record(Http.JSON.readTree(body), arrived);
                }
            } finally {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            }
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** When a notification about {@code resourceType/id} first arrived; null if none has. */
    public Long arrivedNanos(String reference) {
        return firstSeenNanos.get(reference);
    }

    /** Every event number received so far, in the order they arrived (R5 sends them as strings). */
    public List<Long> eventNumbers() {
        synchronized (eventNumbers) {
            return List.copyOf(eventNumbers);
        }
    }

    public long notifications() {
        return notifications.get();
    }

    private void record(JsonNode bundle, long arrived) {
        for (JsonNode event : bundle.path("entry").path(0).path("resource").path("notificationEvent")) {
            if (event.hasNonNull("eventNumber")) {
                eventNumbers.add(Long.parseLong(event.path("eventNumber").asText()));
            }
            String focus = event.path("focus").path("reference").asText();
            int slash = focus.lastIndexOf('/', focus.lastIndexOf('/') - 1);
            firstSeenNanos.putIfAbsent(slash < 0 ? focus : focus.substring(slash + 1), arrived);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
