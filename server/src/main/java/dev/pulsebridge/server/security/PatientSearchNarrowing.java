package dev.pulsebridge.server.security;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.server.security.SmartScope.Context;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A search by a token bound to patients runs within those patients' compartments: the patients are
 * added to the query ({@code Observation?patient=Patient/x}, {@code Patient?_id=x}), so the search is
 * fast and its pages full; a search that names other patients is refused. This is not what keeps other
 * patients' data out ({@link ScopeConsent} does, resource by resource). HAPI's
 * SearchNarrowingInterceptor is not used: for Observation it narrows on {@code performer}, the first of
 * the compartment's parameters, and so finds none of a patient's own readings.
 */
@Component
@Interceptor
class PatientSearchNarrowing implements FhirRestInterceptor {

    private final CareTeams careTeams;

    PatientSearchNarrowing(CareTeams careTeams) {
        this.careTeams = careTeams;
    }

    /** After the interaction check (order -1000), before the search runs. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -900)
    public void narrowSearch(RequestDetails request) {
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE) {
            return;
        }
        Optional<Set<String>> patients = TokenAccess.of(request, careTeams).flatMap(PatientSearchNarrowing::boundPatients);
        if (patients.isEmpty()) {
            return;
        }
        RuntimeResourceDefinition type = request.getFhirContext().getResourceDefinition(request.getResourceName());
        Optional<String> parameter = compartmentParameter(type);
        if (parameter.isEmpty()) {
            return; // not patient data: nothing to narrow
        }
        boolean byId = parameter.get().equals("_id");
        Set<String> allowed = patients.get().stream().map(id -> byId ? id : "Patient/" + id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, String[]> parameters = new HashMap<>(request.getParameters());
        String[] asked = parameters.get(parameter.get());
        if (asked != null) {
            for (String values : asked) {
                for (String value : values.split(",")) {
                    String normalized = byId || value.startsWith("Patient/") ? value : "Patient/" + value;
                    if (!allowed.contains(normalized)) {
                        throw new ForbiddenOperationException("This token may not search " + (byId ? "Patient/" : "")
                                + normalized + ": it is bound to other patients");
                    }
                }
            }
            return;
        }
        parameters.put(parameter.get(), new String[] {String.join(",", allowed)});
        request.setParameters(parameters);
    }

    /** The patients the token is bound to; empty when it reaches every patient. */
    static Optional<Set<String>> boundPatients(TokenAccess access) {
        if (!ScopeReach.limitedToPatients(access)) {
            return Optional.empty();
        }
        Set<String> patients = new LinkedHashSet<>();
        for (Context context : List.of(Context.PATIENT, Context.USER)) {
            if (access.has(context)) {
                access.patientsReachedBy(context).ifPresent(patients::addAll);
            }
        }
        // bound to nobody: narrow to a patient that cannot exist, so the search finds nothing
        return Optional.of(patients.isEmpty() ? Set.of("pulsebridge-no-patient") : patients);
    }

    /** {@code _id} for Patient; else {@code patient}, {@code subject} or the first compartment parameter. */
    private static Optional<String> compartmentParameter(RuntimeResourceDefinition type) {
        if (type.getName().equals("Patient")) {
            return Optional.of("_id");
        }
        List<RuntimeSearchParam> compartment = type.getSearchParamsForCompartmentName("Patient");
        if (compartment.isEmpty()) {
            return Optional.empty();
        }
        if (type.getSearchParam("patient") != null) {
            return Optional.of("patient");
        }
        return compartment.stream().map(RuntimeSearchParam::getName).filter("subject"::equals).findFirst()
                .or(() -> Optional.of(compartment.get(0).getName()));
    }
}
