package dev.pulsebridge.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.SearchParameter;
import org.junit.jupiter.api.Test;

class RetiredSearchParametersTest {

    private final RuntimeResourceDefinition observation = FhirContext.forR5Cached().getResourceDefinition("Observation");

    @Test
    void everyRetiredCodeIsAnR5ObservationParameter() {
        assertThat(RetiredSearchParameters.OBSERVATION)
                .allSatisfy(code -> assertThat(observation.getSearchParam(code)).as(code).isNotNull());
    }

    @Test
    void theParametersClinicalSearchesAndSubscriptionFiltersUseStayIndexed() {
        assertThat(RetiredSearchParameters.OBSERVATION).doesNotContain("subject", "patient", "code", "category",
                "date", "status", "identifier", "value-quantity", "component-code", "component-value-quantity",
                "code-value-quantity", "component-code-value-quantity", "device", "derived-from", "has-member",
                "value-concept", "method", "data-absent-reason", "encounter", "performer");
    }

    @Test
    void aRetiredCompositeKeepsTheBuiltInsUrlTypeAndComponents() {
        SearchParameter retired = RetiredSearchParameters.retired("Observation",
                observation.getSearchParam("combo-code-value-quantity"));

        assertThat(retired.getStatus()).isEqualTo(Enumerations.PublicationStatus.RETIRED);
        assertThat(retired.getCode()).isEqualTo("combo-code-value-quantity");
        assertThat(retired.getUrl()).isEqualTo("http://hl7.org/fhir/SearchParameter/Observation-combo-code-value-quantity");
        assertThat(retired.getType()).isEqualTo(Enumerations.SearchParamType.COMPOSITE);
        assertThat(retired.getComponent()).hasSize(2);
        assertThat(retired.getIdPart()).isEqualTo("pb-retired-observation-combo-code-value-quantity");
    }
}
