package dev.pulsebridge.server.support;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.SubscriptionStatus;
import org.hl7.fhir.r5.model.SubscriptionStatus.SubscriptionNotificationType;

/**
 * A rest-hook receiver on a real local HTTP port, as an EHR would run one: it records every
 * notification (parsed, with its headers) and answers what the test tells it to (200 with a plain text
 * body by default, or an error while "down").
 */
public final class NotificationReceiver implements AutoCloseable {

    /** A notification as received: the Bundle and the request headers (names lower-case). */
    public record Received(Bundle bundle, Map<String, List<String>> headers) {

        public SubscriptionStatus status() {
            return (SubscriptionStatus) bundle.getEntryFirstRep().getResource();
        }

        public SubscriptionNotificationType type() {
            return status().getType();
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private static final FhirContext FHIR = FhirContext.forR5Cached();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> unparsable = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;

    public NotificationReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = answer;
            if (status >= 200 && status < 300) {
                try {
                    Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, body);
                    Map<String, List<String>> headers = new java.util.HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) ->
                            headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
                    received.add(new Received(bundle, headers));
                } catch (RuntimeException e) {
                    unparsable.add(body);
                }
            }
            // deliberately not a FHIR Bundle: any 2xx must count as delivered
            byte[] reply = (status < 300 ? "thanks" : "down for maintenance").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
    }

    /** Answer every request with this HTTP status from now on (e.g. 503 while "down"). */
    public void answer(int status) {
        this.answer = status;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> events() {
        return received.stream().filter(r -> r.type() == SubscriptionNotificationType.EVENTNOTIFICATION).toList();
    }

    public List<String> unparsable() {
        return List.copyOf(unparsable);
    }

    /** Waits until what was received satisfies {@code condition}; fails the test after {@code timeout}. */
    public List<Received> await(Duration timeout, Predicate<List<Received>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> now = received();
            if (condition.test(now)) {
                return now;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Receiver did not get the expected notifications within " + timeout + "; got "
                + received().stream().map(r -> r.type().toCode() + r.status().getNotificationEvent().stream()
                        .map(e -> "#" + e.getEventNumber()).toList()).toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
