package dev.pulsebridge.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.server.security.SmartScope.Interaction;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * What leaves the server, resource by resource: every resource a read, search, history,
 * {@code _include}/{@code _revinclude} or {@code $everything} would return passes {@link ScopeReach}, and
 * one the token may not see is dropped from the answer (a read of it answers 404, as if it did not exist).
 * Built on HAPI's {@link ConsentInterceptor}, which runs before results are cached for paging and again on
 * the way out, and refuses counts ({@code _summary=count}) to tokens it filters for. A backend token that
 * may read everything skips all of it.
 */
@Component
@Interceptor
class ScopeConsent extends ConsentInterceptor implements FhirRestInterceptor {

    private final CareTeams careTeams;

    ScopeConsent(ScopeReach reach, CareTeams careTeams) {
        super(new Decisions(reach, careTeams));
        this.careTeams = careTeams;
    }

    /**
     * A backend token that may read everything needs no per-resource decision, and may ask for counts
     * ({@code _summary=count}, {@code _total=accurate}), which the consent checks otherwise refuse because a
     * count would include what they drop.
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void skipForFullReaders(RequestDetails request) {
        Optional<TokenAccess> access = TokenAccess.of(request, careTeams);
        if (access.isPresent() && access.get().scopes().systemWide(Interaction.READ)) {
            ConsentInterceptor.skipAllConsentForRequest(request);
        }
    }

    private record Decisions(ScopeReach reach, CareTeams careTeams) implements IConsentService {

        @Override
        public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices services) {
            return decide(request, resource);
        }

        @Override
        public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices services) {
            return decide(request, resource);
        }

        private ConsentOutcome decide(RequestDetails request, IBaseResource resource) {
            return TokenAccess.of(request, careTeams).filter(access -> reach.maySee(access, resource, request)).isPresent()
                    ? ConsentOutcome.PROCEED : ConsentOutcome.REJECT;
        }
    }
}
