package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Bounds what one FHIR request may ask of the server beyond its size ({@link RequestSizeLimit}): how deeply
 * its body nests and how many elements it holds, measured before anything parses it into resources, and
 * how many search parameters it combines (each AND-ed parameter is another join for PostgreSQL to plan;
 * a thousand of them kept a backend busy for minutes). Each refusal is a 400 with an OperationOutcome.
 */
@Component
@Interceptor
class RequestShapeLimit implements FhirRestInterceptor {

    private final BodyShape shape;
    private final int maxSearchParameters;

    RequestShapeLimit(FhirServerProperties properties) {
        this.shape = new BodyShape(properties.maxDepth(), properties.maxElements());
        this.maxSearchParameters = properties.maxSearchParameters();
    }

    /** Before authorization and validation, which read the body (a transaction's entries, the resource). */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -2500)
    public void refuseCostlyShapes(RequestDetails request) {
        int parameters = 0;
        for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
            parameters += parameter.getValue().length;
        }
        if (parameters > maxSearchParameters) {
            throw new InvalidRequestException("The request combines " + parameters + " parameters; this server "
                    + "accepts at most " + maxSearchParameters + " (pulsebridge.fhir.max-search-parameters)");
        }
        byte[] body = request.loadRequestContents();
        if (body != null && body.length > 0) {
            String refusal = shape.refusal(body);
            if (refusal != null) {
                throw new InvalidRequestException(refusal);
            }
        }
    }
}
