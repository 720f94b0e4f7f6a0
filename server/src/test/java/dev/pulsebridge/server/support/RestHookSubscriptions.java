package dev.pulsebridge.server.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Enumerations.SubscriptionStatusCodes;
import org.hl7.fhir.r5.model.Subscription;

/** Creating rest-hook Subscriptions as an EHR would, and waiting for them to turn active. */
public final class RestHookSubscriptions {

    public static final String TOPIC_BASE = "https://pulsebridge.dev/fhir/SubscriptionTopic/";

    private RestHookSubscriptions() {
    }

    public static Subscription subscription(String topic, String endpoint, String content) {
        Subscription subscription = new Subscription();
        subscription.setStatus(SubscriptionStatusCodes.REQUESTED);
        subscription.setTopic(topic);
        subscription.setChannelType(new Coding("http://terminology.hl7.org/CodeSystem/subscription-channel-type",
                "rest-hook", null));
        subscription.setEndpoint(endpoint);
        subscription.setContentType("application/fhir+json");
        subscription.setContent(Subscription.SubscriptionPayloadContent.fromCode(content));
        return subscription;
    }

    /**
     * @param filtersThenHeaders name/value pairs: lower-case names are filters (patient, code ...),
     *     capitalised ones are parameters sent as headers (Authorization ...)
     */
    public static String subscribe(IGenericClient client, String topic, String endpoint, String content,
            String... filtersThenHeaders) {
        Subscription subscription = subscription(topic, endpoint, content);
        for (int i = 0; i < filtersThenHeaders.length; i += 2) {
            String name = filtersThenHeaders[i];
            String value = filtersThenHeaders[i + 1];
            if (Character.isUpperCase(name.charAt(0))) {
                subscription.addParameter().setName(name).setValue(value);
            } else {
                subscription.addFilterBy().setFilterParameter(name).setValue(value);
            }
        }
        return client.create().resource(subscription).execute().getId().getIdPart();
    }

    public static void awaitStatus(IGenericClient client, String id, SubscriptionStatusCodes expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SubscriptionStatusCodes status = null;
        while (System.nanoTime() < deadline) {
            status = client.read().resource(Subscription.class).withId(id).execute().getStatus();
            if (status == expected) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Subscription " + id + " is " + status + ", not " + expected);
    }

    public static String subscribeActive(IGenericClient client, String topic, String endpoint, String content,
            String... filtersThenHeaders) {
        String id = subscribe(client, topic, endpoint, content, filtersThenHeaders);
        awaitStatus(client, id, SubscriptionStatusCodes.ACTIVE, Duration.ofSeconds(15));
        return id;
    }
}
