package dev.pulsebridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.terminology.TerminologyResources;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resource the mapper makes from every fixture, and every terminology resource, validates
 * with zero errors against R5 core and the vital-signs profiles. No error is filtered: vital-sign
 * Observations use effectiveDateTime, so the validator's vs-1 false positive on Period never arises.
 */
class FixtureValidationTest {

    private final WithingsMapper mapper = new WithingsMapper();

    static Stream<String> fhirPayloads() {
        return FixtureCatalog.FHIR_PAYLOADS.keySet().stream();
    }

    static Stream<String> terminologyResources() {
        return TerminologyResources.all().stream().map(r -> r.fhirType() + "/" + r.getIdPart());
    }

    /** Guards the two tests below against a validator that accepts anything. */
    @Test
    void validatorRejectsABodyWeightInPounds() {
        Observation weight = (Observation) mapper.map(PayloadKind.MEASURE_GROUPS,
                Fixtures.json("roessland-withoutings/withings-resp-measure-getmeas-0-weight.json"), Fixtures.CONTEXT)
                .observations().get(0);
        weight.getValueQuantity().setCode("lbs").setUnit("lbs");
        assertThat(R5Validator.errors(weight)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("fhirPayloads")
    void everyMappedResourceIsValidR5(String fixture) {
        List<Resource> resources = mapper.map(FixtureCatalog.FHIR_PAYLOADS.get(fixture), Fixtures.json(fixture),
                Fixtures.CONTEXT).allResources();
        List<String> errors = new ArrayList<>();
        for (Resource resource : resources) {
            R5Validator.errors(resource).forEach(e -> errors.add(resource.fhirType() + "/" + resource.getIdPart() + " " + e));
        }
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("terminologyResources")
    void terminologyResourceIsValidR5(String reference) {
        CanonicalResource resource = TerminologyResources.all().stream()
                .filter(r -> reference.equals(r.fhirType() + "/" + r.getIdPart())).findFirst().orElseThrow();
        assertThat(R5Validator.errors(resource)).isEmpty();
    }
}
