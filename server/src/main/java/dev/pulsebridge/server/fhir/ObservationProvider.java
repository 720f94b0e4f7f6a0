package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.jpa.rp.r5.ObservationResourceProvider;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * HAPI's Observation endpoint with its {@code $lastn} answered by {@link ObservationLastN}. HAPI binds
 * the operation from its own annotated method; overriding that method keeps the operation's declared
 * parameters and OperationDefinition while replacing what runs.
 */
class ObservationProvider extends ObservationResourceProvider {

    private final ObservationLastN lastN;

    ObservationProvider(ObservationLastN lastN) {
        this.lastN = lastN;
    }

    @Override
    public IBundleProvider observationLastN(HttpServletRequest servletRequest, HttpServletResponse servletResponse,
            RequestDetails request, IPrimitiveType<Integer> count, TokenAndListParam category, TokenAndListParam code,
            DateAndListParam date, ReferenceAndListParam patient, ReferenceAndListParam subject,
            IPrimitiveType<Integer> max, Map<String, List<String>> rawParameters) {
        return lastN.lastN(request, max == null ? null : max.getValue(), category, code, date, patient, subject);
    }
}
