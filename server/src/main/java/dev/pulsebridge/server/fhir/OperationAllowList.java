package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r5.model.CapabilityStatement;
import org.springframework.stereotype.Component;

/**
 * Only the operations Pulsebridge offers on purpose are advertised and run. HAPI's providers bring along
 * its administrative operations (reindexing, {@code $expunge}, merges and reference replacement, tag
 * editing, resource counts, expansion invalidation): they change or reveal data across every patient,
 * so they answer 403 until an administrator role exists to grant them. An allow-list, not a deny-list, so
 * an operation a HAPI upgrade adds stays closed until someone decides to open it.
 */
@Component
@Interceptor
class OperationAllowList implements FhirRestInterceptor {

    /** Operations clients may call: validation, terminology, Withings links, subscription status, readings. */
    static final Set<String> OFFERED = Set.of("validate", "everything", "expand", "validate-code", "lookup",
            "subsumes", "translate", "withings-connect", "withings-status", "withings-disconnect", "withings-sync",
            "status", "events", "get-ws-binding-token", "lastn", "stats", "reading-days");

    /** First of all: an operation nobody may call is refused whoever asks. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -2000)
    public void refuseOtherOperations(RequestDetails request) {
        String operation = request.getOperation();
        if (operation == null || !operation.startsWith("$")) {
            return;
        }
        String name = operation.substring(1);
        if (!OFFERED.contains(name)) {
            throw new ForbiddenOperationException(operation + " is an administrative operation and is not "
                    + "available through this server's REST API");
        }
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void advertiseOnlyOffered(IBaseConformance generated) {
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        capabilities.getRest().forEach(rest -> {
            rest.getOperation().removeIf(operation -> !OFFERED.contains(operation.getName()));
            rest.getResource().forEach(resource ->
                    resource.getOperation().removeIf(operation -> !OFFERED.contains(operation.getName())));
        });
    }
}
