package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.util.ClasspathUtil;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The R5 core, terminology and extension packages that HAPI ships, loaded the way HAPI's own
 * NPM strategy loads them (the conformance resources in {@code package/}, every binary in {@code package/other/})
 * but without their XHTML narratives and without building an NPM index first.
 *
 * <p>Narratives are human-readable renderings of the definitions; neither the validator nor the
 * FHIRPath engine reads them, yet parsing them was most of HAPI's startup cost. Dropping them from
 * the JSON tree before HAPI parses it keeps every computable element intact.
 */
final class NarrativeFreeCorePackages extends PrePopulatedValidationSupport {

    private static final List<String> R5_PACKAGES = List.of(
            "org/hl7/fhir/r5/packages/hl7.fhir.r5.core-5.0.0.tgz",
            "org/hl7/fhir/r5/packages/hl7.fhir.uv.extensions.r5-1.0.0.tgz",
            "org/hl7/fhir/r5/packages/hl7.terminology-5.1.0.tgz");

    /**
     * The only types {@link PrePopulatedValidationSupport} keeps; the packages also hold Bundles,
     * StructureMaps, NamingSystems and more, whose parsing (15 MB of narratives in the terminology
     * package's Bundles alone) would be thrown away.
     */
    private static final Set<String> KEPT_TYPES = Set.of("StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter");

    private static final String RESOURCE_FOLDER = "package/";
    private static final String BINARY_FOLDER = "package/other/";

    private final ObjectMapper json = new ObjectMapper();
    private final IParser parser;

    NarrativeFreeCorePackages(FhirContext context) {
        super(context);
        if (context.getVersion().getVersion() != FhirVersionEnum.R5) {
            throw new IllegalArgumentException("Only the R5 packages are bundled, not " + context.getVersion().getVersion());
        }
        parser = context.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
        R5_PACKAGES.forEach(this::load);
    }

    /** HAPI's strategy skips the {@code _in} parameter too: it clashes with HAPI's built-in one. */
    @Override
    public void addSearchParameter(IBaseResource searchParameter) {
        String code = getFhirContext().newTerser().getSinglePrimitiveValueOrNull(searchParameter, "code");
        if (!"_in".equals(code)) {
            super.addSearchParameter(searchParameter);
        }
    }

    /** Reads top-level fields only as far as {@code resourceType}, which packages put first. */
    private String resourceType(byte[] content) throws IOException {
        try (JsonParser reader = json.getFactory().createParser(content)) {
            if (reader.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (reader.nextToken() == JsonToken.FIELD_NAME) {
                String field = reader.currentName();
                reader.nextToken();
                if ("resourceType".equals(field)) {
                    return reader.getText();
                }
                reader.skipChildren();
            }
            return null;
        }
    }

    private void load(String classpathLocation) {
        try (InputStream packageStream = ClasspathUtil.loadResourceAsStream(classpathLocation);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(packageStream))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    loadEntry(entry.getName(), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read FHIR package " + classpathLocation, e);
        }
    }

    private void loadEntry(String name, byte[] content) throws IOException {
        if (name.startsWith(BINARY_FOLDER) && name.indexOf('/', BINARY_FOLDER.length()) < 0) {
            addBinary(content, name.substring(BINARY_FOLDER.length()));
            return;
        }
        boolean directResource = name.startsWith(RESOURCE_FOLDER)
                && name.indexOf('/', RESOURCE_FOLDER.length()) < 0
                && name.endsWith(".json")
                && !name.equals("package/package.json")
                && !name.equals("package/.index.json");
        if (!directResource) {
            return;
        }
        if (!KEPT_TYPES.contains(resourceType(content))) {
            return;
        }
        ObjectNode resource = (ObjectNode) json.readTree(content);
        resource.remove("text");
        addResource(parser.parseResource(json.writeValueAsString(resource)));
    }
}
