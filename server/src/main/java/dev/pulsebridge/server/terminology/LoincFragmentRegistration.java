package dev.pulsebridge.server.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import org.springframework.stereotype.Component;

/** Puts {@link LoincFragmentLookup} at the front of HAPI's validation support chain. */
@Component
class LoincFragmentRegistration {

    LoincFragmentRegistration(JpaValidationSupportChain chain, FhirContext context) {
        chain.addValidationSupport(0, new LoincFragmentLookup(context));
        chain.invalidateCaches();
    }
}
