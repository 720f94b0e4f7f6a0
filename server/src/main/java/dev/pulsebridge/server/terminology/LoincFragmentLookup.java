package dev.pulsebridge.server.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import dev.pulsebridge.terminology.Canonicals;
import dev.pulsebridge.terminology.TerminologyResources;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r5.model.CodeSystem.ConceptDefinitionComponent;

/**
 * Answers {@code $lookup} for the LOINC codes Pulsebridge emits. HAPI's terminology service claims
 * LOINC for itself and says "not found" unless the full licensed LOINC was uploaded; this sits in
 * front of it for our fragment's codes only and stays silent (null) for every other code, so a real
 * LOINC upload still answers for the rest.
 */
final class LoincFragmentLookup implements IValidationSupport {

    private final FhirContext context;
    private final Map<String, String> displays = TerminologyResources.loincFragment().getConcept().stream()
            .collect(Collectors.toMap(ConceptDefinitionComponent::getCode, ConceptDefinitionComponent::getDisplay));

    LoincFragmentLookup(FhirContext context) {
        this.context = context;
    }

    @Override
    public FhirContext getFhirContext() {
        return context;
    }

    @Override
    public String getName() {
        return "Pulsebridge LOINC fragment";
    }

    @Override
    public boolean isCodeSystemSupported(ValidationSupportContext supportContext, String system) {
        return Canonicals.LOINC.equals(system);
    }

    @Override
    public LookupCodeResult lookupCode(ValidationSupportContext supportContext, LookupCodeRequest request) {
        String display = Canonicals.LOINC.equals(request.getSystem()) ? displays.get(request.getCode()) : null;
        if (display == null) {
            return null;
        }
        LookupCodeResult result = new LookupCodeResult();
        result.setFound(true);
        result.setSearchedForSystem(request.getSystem());
        result.setSearchedForCode(request.getCode());
        result.setCodeDisplay(display);
        result.setCodeSystemDisplayName("LOINC");
        return result;
    }
}
