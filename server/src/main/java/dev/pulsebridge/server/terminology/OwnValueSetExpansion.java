package dev.pulsebridge.server.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.terminology.Canonicals;
import dev.pulsebridge.terminology.TerminologyResources;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.ValueSet;
import org.hl7.fhir.r5.model.ValueSet.ValueSetExpansionContainsComponent;
import org.springframework.stereotype.Component;

/**
 * Answers {@code ValueSet/$expand} for the ValueSet of Observation codes we emit. HAPI expands value
 * sets over stored code systems through Hibernate Search, which Pulsebridge leaves off (it would index
 * every resource write); our ValueSet lists its concepts explicitly, so its expansion is exactly the
 * code table's, computed here. {@code filter}, {@code offset} and {@code count} work as usual.
 */
@Component
class OwnValueSetExpansion implements FhirRestInterceptor {

    private static final String OWN_ID = "withings-observation-codes";
    private final FhirContext context;

    OwnValueSetExpansion(FhirContext context) {
        this.context = context;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean expandOwnValueSet(RequestDetails request, HttpServletResponse response) throws IOException {
        if (!"$expand".equals(request.getOperation()) || !"ValueSet".equals(request.getResourceName()) || !isOwn(request)) {
            return true;
        }
        ValueSet expanded = expand(parameter(request, "filter"), integer(request, "offset", 0), integer(request, "count", -1));
        response.setStatus(200);
        response.setContentType(Constants.CT_FHIR_JSON_NEW + ";charset=utf-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        context.newJsonParser().encodeResourceToWriter(expanded, response.getWriter());
        return false;
    }

    static ValueSet expand(String filter, int offset, int count) {
        ValueSet valueSet = TerminologyResources.observationCodesValueSet();
        List<ValueSetExpansionContainsComponent> matching = new ArrayList<>();
        String needle = filter == null ? null : filter.toLowerCase(Locale.ROOT);
        valueSet.getCompose().getInclude().forEach(include -> include.getConcept().forEach(concept -> {
            if (needle == null || concept.getCode().toLowerCase(Locale.ROOT).contains(needle)
                    || concept.getDisplay().toLowerCase(Locale.ROOT).contains(needle)) {
                matching.add(new ValueSetExpansionContainsComponent().setSystem(include.getSystem())
                        .setCode(concept.getCode()).setDisplay(concept.getDisplay()));
            }
        }));
        ValueSet.ValueSetExpansionComponent expansion = valueSet.getExpansion();
        expansion.setIdentifier("urn:uuid:" + UUID.randomUUID()).setTimestamp(new Date()).setTotal(matching.size());
        expansion.setOffset(offset);
        int end = count < 0 ? matching.size() : Math.min(matching.size(), offset + count);
        for (int i = Math.min(offset, matching.size()); i < end; i++) {
            expansion.addContains(matching.get(i));
        }
        valueSet.setCompose(null);
        return valueSet;
    }

    private boolean isOwn(RequestDetails request) {
        if (request.getId() != null && request.getId().hasIdPart()) {
            return OWN_ID.equals(request.getId().getIdPart());
        }
        String url = parameter(request, "url");
        return url != null && (url.equals(Canonicals.OBSERVATION_CODES_VALUE_SET)
                || url.equals(Canonicals.OBSERVATION_CODES_VALUE_SET + "|" + Canonicals.TERMINOLOGY_VERSION));
    }

    /** A parameter from the query string or, for POST, from the Parameters body. */
    private String parameter(RequestDetails request, String name) {
        String[] values = request.getParameters().get(name);
        if (values != null && values.length > 0) {
            return values[0];
        }
        if (request.getRequestType() == RequestTypeEnum.POST) {
            byte[] body = request.loadRequestContents();
            if (body != null && body.length > 0) {
                Parameters parameters = (Parameters) context.newJsonParser().parseResource(new String(body, StandardCharsets.UTF_8));
                return parameters.getParameter().stream().filter(p -> p.getName().equals(name) && p.hasValue())
                        .map(p -> p.getValue().primitiveValue()).findFirst().orElse(null);
            }
        }
        return null;
    }

    private int integer(RequestDetails request, String name, int fallback) {
        String value = parameter(request, name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("$expand parameter '" + name + "' must be a non-negative integer, got " + value);
        }
    }
}
