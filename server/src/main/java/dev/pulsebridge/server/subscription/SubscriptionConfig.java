package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
import dev.pulsebridge.server.fhir.FhirServerProperties;
import dev.pulsebridge.server.secrets.SecretCipher;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Topic-based subscriptions are Pulsebridge's own, not HAPI's subscription module (whose delivery is
 * in memory, loses events on restart and is not shared between instances). The two storage hooks are
 * registered with HAPI's interceptor service, so they see in-process writes (the sync engine's) as
 * well as REST ones.
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionConfig {

    @Bean
    EndpointPolicy endpointPolicy(SubscriptionProperties properties) {
        return new EndpointPolicy(properties.allowedEndpoints());
    }

    @Bean
    SubscriptionHeaderSeal subscriptionHeaderSeal(SecretCipher cipher) {
        return new SubscriptionHeaderSeal(cipher);
    }

    @Bean
    SubscriptionWrites subscriptionWrites(IInterceptorService interceptors, SubscriptionRegistry registry,
            DeliveryStore states, InMemoryResourceMatcher matcher, FhirServerProperties fhir, EndpointPolicy endpoints,
            SubscriptionHeaderSeal headers) {
        SubscriptionWrites writes = new SubscriptionWrites(registry, states, matcher, fhir.publicBaseUrl(), endpoints,
                headers);
        interceptors.registerInterceptor(writes);
        return writes;
    }

    @Bean
    EventCapture eventCapture(IInterceptorService interceptors, SubscriptionRegistry registry,
            IndexedSearchParamExtractor extractor, InMemoryResourceMatcher matcher, DeliveryStore states,
            DeliverySignal signal, FhirContext fhirContext, SubscriberGrants grants, Clock clock) {
        EventCapture capture = new EventCapture(registry, extractor, matcher, states, signal, fhirContext, grants, clock);
        interceptors.registerInterceptor(capture);
        return capture;
    }
}
