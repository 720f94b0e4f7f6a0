package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r5.model.CanonicalType;
import org.hl7.fhir.r5.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r5.model.CapabilityStatement;
import org.springframework.stereotype.Component;

/**
 * Lists the subscription topics on the CapabilityStatement's Subscription resource, with the extension
 * the Subscriptions framework defines for it, so a client discovers them from {@code /metadata}.
 */
@Component
@Interceptor
class TopicCapabilities implements FhirRestInterceptor {

    static final String TOPIC_EXTENSION =
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical";

    private final SubscriptionRegistry registry;

    TopicCapabilities(SubscriptionRegistry registry) {
        this.registry = registry;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void listTopics(IBaseConformance generated) {
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        capabilities.getRest().forEach(rest -> rest.getResource().stream()
                .filter(resource -> resource.getType().equals("Subscription"))
                .forEach(this::addTopics));
    }

    private void addTopics(CapabilityStatementRestResourceComponent subscription) {
        for (String url : registry.topicUrls()) {
            subscription.addExtension(TOPIC_EXTENSION, new CanonicalType(url));
        }
    }
}
