package dev.pulsebridge.server.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.pulsebridge.server.security.SmartScope.Context;
import dev.pulsebridge.server.security.SmartScope.Interaction;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * Whether a token may touch one resource: some scope must cover its type and the interaction, reach the
 * patient whose data it is, and, when the scope is narrowed ({@code ?category=vital-signs}), match that
 * search. Whose data a resource is comes from FHIR's Patient compartment, every one of the resource's
 * compartment references counted (an Observation is the patient's when its subject or its performer is
 * that patient). Resources outside any patient's compartment (a Practitioner, an Organization) are
 * reached by any scope that covers their type.
 */
@Component
class ScopeReach {

    /** Definitions and operation answers: nobody's health data, readable by any token that reached them. */
    private static final Set<String> NOBODYS_DATA = Set.of("CapabilityStatement", "OperationOutcome", "Parameters",
            "Bundle", "ValueSet", "CodeSystem", "ConceptMap", "StructureDefinition", "SearchParameter",
            "OperationDefinition", "SubscriptionTopic", "NamingSystem", "CompartmentDefinition",
            // the status of a subscription: returned only by the operations on subscriptions the caller owns
            "SubscriptionStatus");

    private static final String SUBSCRIPTION = "Subscription";

    private final FhirContext fhir;
    private final SearchParamMatcher matcher;
    private final SubscriptionOwners subscriptionOwners;

    ScopeReach(FhirContext fhir, SearchParamMatcher matcher, SubscriptionOwners subscriptionOwners) {
        this.fhir = fhir;
        this.matcher = matcher;
        this.subscriptionOwners = subscriptionOwners;
    }

    /** May this token see the resource (read or search covers it)? */
    boolean maySee(TokenAccess access, IBaseResource resource, RequestDetails request) {
        String type = fhir.getResourceType(resource);
        if (NOBODYS_DATA.contains(type)) {
            return true;
        }
        if (type.equals(SUBSCRIPTION) && !ownsWhenBound(access, resource)) {
            return false;
        }
        return access.scopes().resourceScopes().stream().anyMatch(scope ->
                (scope.covers(type, Interaction.READ) || scope.covers(type, Interaction.SEARCH))
                        && reaches(access, scope, resource, request));
    }

    /** May this token write (create, update or delete) the resource as it is, or as it would be? */
    boolean mayWrite(TokenAccess access, IBaseResource resource, Interaction interaction, RequestDetails request) {
        String type = fhir.getResourceType(resource);
        if (type.equals(SUBSCRIPTION) && interaction != Interaction.CREATE && !ownsWhenBound(access, resource)) {
            return false;
        }
        return access.scopes().resourceScopes().stream().anyMatch(scope ->
                scope.covers(type, interaction) && reaches(access, scope, resource, request));
    }

    /**
     * A Subscription names no patient, but its filters and endpoint are its owner's business: a token bound
     * to patients reaches only the subscriptions its own client and user made.
     */
    private boolean ownsWhenBound(TokenAccess access, IBaseResource subscription) {
        return !limitedToPatients(access) || (subscription.getIdElement().hasIdPart()
                && subscriptionOwners.ownedBy(access, subscription.getIdElement().getIdPart()));
    }

    /** Is the patient (by id) reached by some scope of this context? */
    static boolean reachesPatient(TokenAccess access, Context context, String patientId) {
        return access.patientsReachedBy(context).map(patients -> patients.contains(patientId)).orElse(true);
    }

    private boolean reaches(TokenAccess access, SmartScope scope, IBaseResource resource, RequestDetails request) {
        Optional<Set<String>> patients = access.patientsReachedBy(scope.context());
        if (patients.isPresent() && !inCompartmentOfAny(resource, patients.get())) {
            return false;
        }
        return !scope.restricted() || matches(scope, resource, request);
    }

    private boolean inCompartmentOfAny(IBaseResource resource, Set<String> patients) {
        String type = fhir.getResourceType(resource);
        if (type.equals("Patient")) {
            return resource.getIdElement().hasIdPart() && patients.contains(resource.getIdElement().getIdPart());
        }
        if (fhir.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").isEmpty()) {
            return true;
        }
        for (IIdType owner : fhir.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.of())) {
            if ("Patient".equals(owner.getResourceType()) && patients.contains(owner.getIdPart())) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(SmartScope scope, IBaseResource resource, RequestDetails request) {
        StringBuilder criteria = new StringBuilder(fhir.getResourceType(resource)).append('?');
        scope.restriction().forEach((name, value) -> criteria.append(criteria.charAt(criteria.length() - 1) == '?' ? "" : "&")
                .append(name).append('=').append(value));
        InMemoryMatchResult result = matcher.match(criteria.toString(), resource, request);
        // a restriction the matcher cannot evaluate in memory is not a licence: it does not match
        return result.supported() && result.matched();
    }

    /** Patient-context tokens and non-admin users: does the scope set leave {@code Context.SYSTEM} out? */
    static boolean limitedToPatients(TokenAccess access) {
        return !access.has(Context.SYSTEM) && !(access.has(Context.USER) && access.userSeesEveryone());
    }
}
