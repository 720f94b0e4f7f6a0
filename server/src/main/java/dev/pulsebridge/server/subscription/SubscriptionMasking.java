package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Subscription;
import org.springframework.stereotype.Component;

/**
 * Every Subscription leaving through the REST API (read, search, history, includes, write responses)
 * shows its parameters masked; the sealed values never leave the server.
 */
@Component
@Interceptor
class SubscriptionMasking implements FhirRestInterceptor {

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void maskParameters(ResponseDetails response) {
        mask(response.getResponseResource());
    }

    private static void mask(IBaseResource resource) {
        if (resource instanceof Subscription subscription) {
            SubscriptionHeaderSeal.mask(subscription);
        } else if (resource instanceof Bundle bundle) {
            bundle.getEntry().forEach(entry -> mask(entry.getResource()));
        }
    }
}
