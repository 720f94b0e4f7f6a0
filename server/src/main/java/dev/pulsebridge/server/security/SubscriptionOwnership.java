package dev.pulsebridge.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.server.fhir.PatientIds;
import dev.pulsebridge.server.security.SmartScope.Interaction;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.Subscription;
import org.hl7.fhir.r5.model.Subscription.SubscriptionFilterByComponent;
import org.springframework.stereotype.Component;

/**
 * Subscriptions made through the FHIR API belong to the client and person whose token made them. The
 * owner and their grant are recorded with the Subscription, so notifications carry only what that grant
 * may read ({@link SubscriberScopes}). A token bound to patients may subscribe only with filters inside
 * its patients and the resource types it may read, and reaches only its own subscriptions: reading,
 * changing, {@code $status}, {@code $events} and websocket binding tokens alike.
 */
@Component
@Interceptor
class SubscriptionOwnership implements FhirRestInterceptor {

    private static final String SUBSCRIPTION = "Subscription";
    private static final Set<String> PATIENT_FILTERS = Set.of("patient", "subject");
    private static final Set<String> SUBSCRIPTION_OPERATIONS = Set.of("$status", "$events", "$get-ws-binding-token");

    private final SubscriptionOwners owners;
    private final CareTeams careTeams;

    SubscriptionOwnership(SubscriptionOwners owners, CareTeams careTeams) {
        this.owners = owners;
        this.careTeams = careTeams;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void creating(IBaseResource resource, RequestDetails request) {
        checkFilters(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        checkFilters(resource, request);
    }

    /** In the transaction that stores the Subscription: both commit, or neither. */
    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        if (resource instanceof Subscription subscription && request instanceof ServletRequestDetails) {
            TokenAccess.of(request, careTeams).ifPresent(access ->
                    owners.record(subscription.getIdElement().getIdPart(), access, access.scopeText()));
        }
    }

    /** After the interaction check (order -1000): the subscription operations, on the caller's own subscriptions. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -950)
    public void checkOperation(RequestDetails request) {
        if (!SUBSCRIPTION.equals(request.getResourceName()) || request.getOperation() == null
                || !SUBSCRIPTION_OPERATIONS.contains(request.getOperation())) {
            return;
        }
        RestOperationTypeEnum operation = request.getRestOperationType();
        Optional<TokenAccess> access = TokenAccess.of(request, careTeams);
        if (access.isEmpty() || !ScopeReach.limitedToPatients(access.get())) {
            return;
        }
        List<String> ids;
        if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE) {
            ids = List.of(request.getId().getIdPart());
        } else {
            String[] asked = request.getParameters().get("id");
            if (asked == null || asked.length == 0) {
                throw new ForbiddenOperationException(request.getOperation() + " needs the ids of this token's own "
                        + "subscriptions (id=...)");
            }
            ids = java.util.Arrays.stream(asked).flatMap(value -> java.util.Arrays.stream(value.split(",")))
                    .map(id -> id.startsWith("Subscription/") ? id.substring("Subscription/".length()) : id).toList();
        }
        for (String id : ids) {
            if (!owners.ownedBy(access.get(), id)) {
                throw new ForbiddenOperationException("Subscription/" + id + " is not one this token's client and user made");
            }
        }
    }

    private void checkFilters(IBaseResource resource, RequestDetails request) {
        if (!(resource instanceof Subscription subscription) || !(request instanceof ServletRequestDetails)) {
            return;
        }
        Optional<TokenAccess> access = TokenAccess.of(request, careTeams);
        if (access.isEmpty()) {
            return;
        }
        Optional<Set<String>> patients = PatientSearchNarrowing.boundPatients(access.get());
        for (SubscriptionFilterByComponent filter : subscription.getFilterBy()) {
            String type = filter.hasResourceType() ? lastSegment(filter.getResourceType()) : null;
            if (type != null && !access.get().scopes().allows(type, Interaction.READ)
                    && !access.get().scopes().allows(type, Interaction.SEARCH)) {
                throw new ForbiddenOperationException("The token may not read " + type
                        + ", so it may not subscribe to its changes");
            }
            if (patients.isEmpty() || filter.getValue() == null) {
                continue;
            }
            String value = filter.getValue();
            boolean namesPatient = PATIENT_FILTERS.contains(filter.getFilterParameter()) || value.contains("Patient/");
            if (namesPatient && !patients.get().contains(patientId(value))) {
                throw new ForbiddenOperationException("filterBy " + filter.getFilterParameter() + "=" + value
                        + " reaches past the patients this token is for");
            }
        }
    }

    /** {@code Patient/x}, {@code x} or {@code https://host/fhir/Patient/x} -> {@code x}; anything else stays whole. */
    private static String patientId(String value) {
        String id = PatientIds.of(value);
        return id.contains("/") ? value : id;
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
