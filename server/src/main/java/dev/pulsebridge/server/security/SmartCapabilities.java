package dev.pulsebridge.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.server.withings.PublicUrls;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r5.model.CapabilityStatement;
import org.hl7.fhir.r5.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Extension;
import org.hl7.fhir.r5.model.UriType;
import org.springframework.stereotype.Component;

/**
 * The CapabilityStatement's {@code rest.security}: the SMART-on-FHIR service and the OAuth URIs, for
 * clients that still discover the authorization server there rather than through
 * {@code .well-known/smart-configuration}.
 */
@Component
@Interceptor
class SmartCapabilities implements FhirRestInterceptor {

    static final String SERVICE_SYSTEM = "http://hl7.org/fhir/restful-security-service";
    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final PublicUrls urls;

    SmartCapabilities(PublicUrls urls) {
        this.urls = urls;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void describeSecurity(IBaseConformance generated, RequestDetails request) {
        String base = urls.base(request.getFhirServerBase());
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        capabilities.getRest().forEach(rest -> {
            CapabilityStatementRestSecurityComponent security = rest.getSecurity();
            security.setCors(true);
            security.addService(new CodeableConcept(new Coding(SERVICE_SYSTEM, "SMART-on-FHIR", "SMART-on-FHIR")));
            security.setDescription("OAuth 2 bearer tokens from the server's authorization server (SMART App Launch "
                    + "2.2: app launch and backend services); see .well-known/smart-configuration");
            Extension uris = security.addExtension().setUrl(OAUTH_URIS);
            uris.addExtension("authorize", new UriType(base + "/oauth2/authorize"));
            uris.addExtension("token", new UriType(base + "/oauth2/token"));
            uris.addExtension("revoke", new UriType(base + "/oauth2/revoke"));
            uris.addExtension("introspect", new UriType(base + "/oauth2/introspect"));
        });
    }
}
