package dev.pulsebridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The complete FHIR output for every data fixture, checked in under {@code src/test/resources/golden},
 * so any change to what the mapper emits shows up in review. After an intended change, regenerate
 * with {@code ./mvnw -pl terminology,mapping test -Dtest=GoldenFileTest -Dgolden.update=true} and
 * read the diff.
 */
class GoldenFileTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private final WithingsMapper mapper = new WithingsMapper();

    static Stream<String> fhirPayloads() {
        return FixtureCatalog.FHIR_PAYLOADS.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("fhirPayloads")
    void outputMatchesTheGoldenFile(String fixture) throws IOException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource resource : mapper.map(FixtureCatalog.FHIR_PAYLOADS.get(fixture), Fixtures.json(fixture), Fixtures.CONTEXT)
                .allResources()) {
            bundle.addEntry().setFullUrl("https://pulsebridge.example/fhir/" + resource.fhirType() + "/" + resource.getIdPart())
                    .setResource(resource);
        }
        String actual = R5Validator.FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle) + "\n";
        Path golden = GOLDEN.resolve(fixture.replace('/', '_'));
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
