package dev.pulsebridge.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.validation.ValidatorResourceFetcher;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.utilities.OIDUtilities;
import org.junit.jupiter.api.Test;

/**
 * The empty OID registry on our class path (src/main/resources/oidregistry.csv) saves the validator
 * library from parsing 21,000 OIDs on every validated write. It is harmless only while both facts below
 * hold; an upgrade of HAPI or of the validator that breaks either fails here.
 */
class OidRegistryTest {

    @Test
    void theValidatorLibraryReadsOurEmptyRegistry() {
        // HL7's own root OID: the library's registry lists it
        assertThat(new OIDUtilities().isKnownOID("urn:oid:2.16.840.1.113883")).isFalse();
    }

    @Test
    void hapisJpaResourceFetcherAnswersEveryUrlAsResolvableSoAnUnknownOidChangesNoOutcome() throws Exception {
        FhirContext r5 = FhirContext.forR5Cached();
        // an empty support: HAPI's default one would load the R5 core package JVM-wide, which
        // LazyCoreDefinitionsTest needs untouched
        ValidatorResourceFetcher fetcher = new ValidatorResourceFetcher(r5, new PrePopulatedValidationSupport(r5), null);

        assertThat(fetcher.resolveURL(null, null, "Observation.identifier.system", "urn:oid:2.16.840.1.113883.6.1",
                "uri", false, List.of())).isTrue();
        assertThat(fetcher.resolveURL(null, null, "Observation.identifier.system", "urn:oid:1.2.3.4.5.6.7.8.9",
                "uri", false, List.of())).isTrue();
    }
}
