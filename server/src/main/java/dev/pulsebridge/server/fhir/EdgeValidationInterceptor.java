package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.interceptor.RequestValidatingInterceptor;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;

/**
 * Validates every resource written over REST against the R5 core definitions before anything is
 * stored: a structurally invalid resource (a missing required element, a code outside a required
 * binding) is refused with 422 and an OperationOutcome instead of being persisted half-right.
 *
 * <p>A body that is not even well-formed JSON/XML is answered with 400 here; HAPI's validator would
 * otherwise surface the parser's exception as a 500.
 */
public class EdgeValidationInterceptor extends RequestValidatingInterceptor {

    public EdgeValidationInterceptor(IValidatorModule instanceValidator) {
        addValidatorModule(instanceValidator);
        setFailOnSeverity(ResultSeverityEnum.ERROR);
        // Warnings (e.g. LOINC codes the server holds no copy of) are not worth a header on every write.
        setAddResponseHeaderOnSeverity(null);
    }

    @Override
    protected ValidationResult validate(String body, RequestDetails request) {
        EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(body);
        if (encoding == null) {
            throw new InvalidRequestException("The request body is neither FHIR JSON nor FHIR XML");
        }
        try {
            return super.validate(body, request);
        } catch (RuntimeException validatorFailure) {
            // Only now is it worth a second parse: to tell a malformed body (the client's fault) from
            // a validator failure (ours), without paying for it on every well-formed write.
            try {
                encoding.newParser(request.getFhirContext()).parseResource(body);
            } catch (DataFormatException malformed) {
                throw new InvalidRequestException("The request body is not well-formed " + encoding.name()
                        + ": " + malformed.getMessage());
            }
            throw validatorFailure;
        }
    }
}
