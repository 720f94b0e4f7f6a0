package dev.pulsebridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.fhir.MappingContext;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Withings fixtures under {@code src/test/resources/withings-fixtures}. */
public final class Fixtures {

    public static final MappingContext CONTEXT = new MappingContext("Patient/p1", "12345");

    private Fixtures() {
    }

    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/withings-fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every JSON fixture, as a path relative to the fixture root (e.g. {@code home-assistant-core/get_meas.json}). */
    public static List<String> all() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root().relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        try {
            return Files.readString(root().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        return WithingsPayloads.parse(text(name));
    }
}
