package dev.pulsebridge.server.sync;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.springframework.stereotype.Component;

/**
 * Lets the sync engine's own FHIR transactions be re-run by HAPI when they lose a race for the same new
 * resource: two accounts that share a device (a family's scale) write the same Device under the same id,
 * and when both create it at once one transaction meets the other's version 1. Re-running the transaction
 * is exact (every write is a PUT under a deterministic id), and much cheaper than failing the job, which
 * would fetch its window from Withings again. Only in-process requests that ask for it are re-run; a REST
 * client's conflict still answers 409.
 */
@Component
@Interceptor
class WriteConflictRetries {

    /** Enough for a handful of workers racing for one new Device; each re-run waits a little longer. */
    static final int MAX_RETRIES = 5;

    WriteConflictRetries(IInterceptorService interceptors) {
        interceptors.registerInterceptor(this);
    }

    /** A request for a sync write: HAPI re-runs its transaction on a version conflict. */
    static SystemRequestDetails retryingRequest() {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setRetry(true);
        request.setMaxRetries(MAX_RETRIES);
        return request;
    }

    @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
    public ResourceVersionConflictResolutionStrategy onConflict(RequestDetails request) {
        if (!(request instanceof SystemRequestDetails) || !request.isRetry()) {
            return null; // not ours to decide
        }
        ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
        strategy.setRetry(true);
        strategy.setMaxRetries(Math.min(MAX_RETRIES, request.getMaxRetries()));
        return strategy;
    }
}
