package dev.pulsebridge.server.subscription;

import dev.pulsebridge.server.secrets.SecretCipher;
import java.util.Optional;
import org.hl7.fhir.r5.model.Subscription;
import org.hl7.fhir.r5.model.Subscription.SubscriptionParameterComponent;

/**
 * Subscription parameters are the HTTP headers of rest-hook deliveries, typically the receiver's
 * {@code Authorization}: secrets. They are stored sealed (AES-GCM under {@code pulsebridge.secrets.key},
 * like Withings tokens), opened only to deliver, and shown masked. A client that reads a Subscription,
 * changes something and writes it back sends the mask: the stored value is kept for that parameter.
 */
final class SubscriptionHeaderSeal {

    static final String MASK = "******";
    private static final String SEALED = "sealed:";

    private final SecretCipher cipher;

    SubscriptionHeaderSeal(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** An incoming Subscription about to be stored: masked values take the stored ones back, the rest is sealed. */
    void sealIncoming(Subscription incoming, Subscription stored) {
        for (SubscriptionParameterComponent parameter : incoming.getParameter()) {
            String value = parameter.getValue();
            if (MASK.equals(value)) {
                parameter.setValue(storedValue(stored, parameter.getName()).orElseThrow(() ->
                        new InvalidSubscriptionException("Subscription.parameter '" + parameter.getName()
                                + "' carries the mask " + MASK + " but no value was stored for it; send the value")));
            } else if (value != null && !value.startsWith(SEALED)) {
                parameter.setValue(SEALED + cipher.seal(value, context(parameter.getName())));
            }
        }
    }

    /** The header value to send; values stored before sealing existed are sent as they are. */
    String open(String name, String stored) {
        return stored.startsWith(SEALED) ? cipher.open(stored.substring(SEALED.length()), context(name)) : stored;
    }

    /** What a client reading the Subscription sees. */
    static void mask(Subscription shown) {
        shown.getParameter().forEach(parameter -> parameter.setValue(MASK));
    }

    private static Optional<String> storedValue(Subscription stored, String name) {
        return stored == null ? Optional.empty() : stored.getParameter().stream()
                .filter(parameter -> name != null && name.equals(parameter.getName()))
                .map(SubscriptionParameterComponent::getValue)
                .findFirst();
    }

    private static String context(String name) {
        return "subscription-parameter:" + name;
    }
}
