package dev.pulsebridge.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import dev.pulsebridge.terminology.TerminologyResources;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator with the R5 core packages (vital-signs profiles included) and our own
 * terminology, so our codes and LOINC displays are checked too. Built once: loading the core
 * packages takes seconds.
 */
public final class R5Validator {

    public static final FhirContext FHIR = FhirContext.forR5Cached();
    private static volatile FhirValidator validator;

    private R5Validator() {
    }

    /** The ERROR and FATAL messages for a resource; empty when it is valid. */
    public static List<String> errors(IBaseResource resource) {
        return validator().validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R5Validator::describe)
                .toList();
    }

    private static String describe(SingleValidationMessage message) {
        return message.getLocationString() + ": " + message.getMessage();
    }

    private static FhirValidator validator() {
        if (validator == null) {
            synchronized (R5Validator.class) {
                if (validator == null) {
                    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(FHIR);
                    TerminologyResources.all().forEach(ours::addResource);
                    ValidationSupportChain chain = new ValidationSupportChain(
                            new DefaultProfileValidationSupport(FHIR),
                            ours,
                            new CommonCodeSystemsTerminologyService(FHIR),
                            new InMemoryTerminologyServerValidationSupport(FHIR),
                            new SnapshotGeneratingValidationSupport(FHIR));
                    validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
                }
            }
        }
        return validator;
    }
}
