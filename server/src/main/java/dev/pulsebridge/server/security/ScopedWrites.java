package dev.pulsebridge.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.server.security.SmartScope.Interaction;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * What a token may change, checked where every write passes, just before it is stored: plain creates,
 * updates, patches and deletes, each entry of a transaction or batch, and conditional writes, whatever
 * the search that chose the resource. An update must be allowed on the resource as it was and as it would
 * be, so a patient cannot move an Observation into, or out of, their compartment. One refused entry fails
 * the whole transaction (HAPI rolls it back). Writes an operation makes on its own behalf
 * ({@code $withings-connect} recording a Consent, say) were allowed with the operation itself.
 */
@Component
@Interceptor
class ScopedWrites implements FhirRestInterceptor {

    private static final Set<RestOperationTypeEnum> OPERATIONS = Set.of(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

    private final ScopeReach reach;
    private final CareTeams careTeams;

    ScopedWrites(ScopeReach reach, CareTeams careTeams) {
        this.reach = reach;
        this.careTeams = careTeams;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void creating(IBaseResource resource, RequestDetails request) {
        check(request, resource, Interaction.CREATE);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updating(IBaseResource previous, IBaseResource updated, RequestDetails request) {
        check(request, previous, Interaction.UPDATE);
        check(request, updated, Interaction.UPDATE);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void deleting(IBaseResource resource, RequestDetails request) {
        check(request, resource, Interaction.DELETE);
    }

    private void check(RequestDetails request, IBaseResource resource, Interaction interaction) {
        if (!(request instanceof ServletRequestDetails) || OPERATIONS.contains(request.getRestOperationType())) {
            return;
        }
        TokenAccess access = TokenAccess.of(request, careTeams)
                .orElseThrow(() -> new ForbiddenOperationException("A bearer token is required"));
        if (!reach.mayWrite(access, resource, interaction, request)) {
            throw new ForbiddenOperationException("The token's scopes do not allow this " + interaction.name().toLowerCase()
                    + " of this " + request.getFhirContext().getResourceType(resource)
                    + ": it is outside the patients or the resources the token may " + interaction.name().toLowerCase());
        }
    }
}
