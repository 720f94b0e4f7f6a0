package dev.pulsebridge.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.ValueSet;
import org.junit.jupiter.api.Test;

/**
 * Pins the HAPI internals {@link LazyCoreDefinitions} relies on: if a HAPI upgrade renames its
 * per-version cache, installation returns null and this fails, instead of startup silently
 * getting 20 s slower.
 */
class LazyCoreDefinitionsTest {

    @Test
    void hapisDefaultSupportServesNarrativeFreeDefinitionsLoadedOnFirstUse() {
        FhirContext context = FhirContext.forR5();

        LazyCoreDefinitions lazy = LazyCoreDefinitions.install(context);
        DefaultProfileValidationSupport hapiDefault = new DefaultProfileValidationSupport(context);

        assertThat(lazy).isNotNull();
        assertThat(lazy.isLoaded()).isFalse();
        StructureDefinition observation = (StructureDefinition) hapiDefault
                .fetchStructureDefinition("http://hl7.org/fhir/StructureDefinition/Observation");
        assertThat(lazy.isLoaded()).isTrue();
        assertThat(observation.getType()).isEqualTo("Observation");
        assertThat(observation.getSnapshot().getElement()).extracting(element -> element.getPath())
                .contains("Observation.status", "Observation.code", "Observation.value[x]");
        assertThat(observation.hasText()).isFalse();
        ValueSet statuses = (ValueSet) hapiDefault.fetchValueSet("http://hl7.org/fhir/ValueSet/observation-status");
        assertThat(statuses.getCompose().getIncludeFirstRep().getSystem())
                .isEqualTo("http://hl7.org/fhir/observation-status");
        assertThat(LazyCoreDefinitions.install(context)).isSameAs(lazy);
    }
}
