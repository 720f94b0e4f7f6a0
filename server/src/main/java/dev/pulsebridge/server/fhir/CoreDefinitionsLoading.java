package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Installs {@link LazyCoreDefinitions} as soon as the FhirContext bean exists, before any HAPI bean
 * can ask for the core definitions.
 */
public class CoreDefinitionsLoading implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof FhirContext context) {
            LazyCoreDefinitions.install(context);
        }
        return bean;
    }
}
