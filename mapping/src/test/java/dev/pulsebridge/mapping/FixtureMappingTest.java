package dev.pulsebridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulsebridge.mapping.fhir.MappingResult;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FixtureMappingTest {

    private final WithingsMapper mapper = new WithingsMapper();

    static Stream<String> fhirPayloads() {
        return FixtureCatalog.FHIR_PAYLOADS.keySet().stream();
    }

    static Stream<String> otherPayloads() {
        return FixtureCatalog.OTHER_PAYLOADS.keySet().stream();
    }

    @Test
    void everyFixtureFileIsCatalogued() {
        Set<String> catalogued = new HashSet<>(FixtureCatalog.FHIR_PAYLOADS.keySet());
        catalogued.addAll(FixtureCatalog.OTHER_PAYLOADS.keySet());
        assertThat(Fixtures.all()).containsExactlyInAnyOrderElementsOf(catalogued);
    }

    @ParameterizedTest
    @MethodSource("fhirPayloads")
    void dataFixtureMapsToResourcesUnlessItHoldsNoData(String fixture) {
        MappingResult result = mapper.map(FixtureCatalog.FHIR_PAYLOADS.get(fixture), Fixtures.json(fixture), Fixtures.CONTEXT);
        if (fixture.contains("nodata")) {
            assertThat(result.allResources()).isEmpty();
        } else {
            assertThat(result.allResources()).isNotEmpty();
        }
        assertThat(result.unmapped()).as("values missing from the code table").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("otherPayloads")
    void otherFixtureParsesIntoItsModel(String fixture) {
        assertThat(FixtureCatalog.OTHER_PAYLOADS.get(fixture).apply(Fixtures.json(fixture))).isNotNull();
    }
}
