package dev.pulsebridge.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.server.withings.PublicUrls;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code GET /fhir/.well-known/smart-configuration}: how a SMART client finds the authorization server,
 * in JSON whatever the Accept header says, with absolute URLs, advertising exactly what is served: app
 * launch (standalone with a patient picker, EHR with a server-issued launch id), public and confidential
 * clients (secret or signed assertion), OpenID Connect with {@code fhirUser}, refresh tokens, and both
 * scope syntaxes.
 */
class SmartDiscovery extends OncePerRequestFilter {

    static final String PATH = "/fhir/.well-known/smart-configuration";

    /** The capabilities Pulsebridge serves, in SMART App Launch 2.2's vocabulary. */
    static final List<String> CAPABILITIES = List.of("launch-ehr", "launch-standalone", "client-public",
            "client-confidential-symmetric", "client-confidential-asymmetric", "context-ehr-patient",
            "context-standalone-patient", "sso-openid-connect", "permission-patient", "permission-user",
            "permission-offline", "permission-online", "permission-v1", "permission-v2", "authorize-post");

    static final List<String> SCOPES = List.of("openid", "fhirUser", "launch", "launch/patient", "offline_access",
            "online_access", "patient/*.rs", "patient/*.cruds", "patient/*.read", "patient/*.write", "user/*.rs",
            "user/*.cruds", "user/*.read", "user/*.write", "system/*.rs", "system/*.cruds", "system/*.read",
            "system/*.write");

    private final PublicUrls urls;
    private final ObjectMapper json = new ObjectMapper();

    SmartDiscovery(PublicUrls urls) {
        this.urls = urls;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(request.getContextPath() + PATH).equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"GET".equals(request.getMethod())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, max-age=3600");
        json.writeValue(response.getOutputStream(), document(base(request)));
    }

    ObjectNode document(String base) {
        ObjectNode document = json.createObjectNode();
        document.put("issuer", base);
        document.put("jwks_uri", base + "/oauth2/jwks");
        document.put("authorization_endpoint", base + "/oauth2/authorize");
        document.put("token_endpoint", base + "/oauth2/token");
        document.put("introspection_endpoint", base + "/oauth2/introspect");
        document.put("revocation_endpoint", base + "/oauth2/revoke");
        document.put("userinfo_endpoint", base + "/userinfo");
        document.put("launch_endpoint", base + EhrLaunchEndpoint.PATH);
        SmartLaunchFlow.grantTypes().forEach(document.putArray("grant_types_supported")::add);
        document.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("private_key_jwt");
        ClientAssertionKeys.ALGORITHMS.stream().map(Object::toString).sorted()
                .forEach(document.putArray("token_endpoint_auth_signing_alg_values_supported")::add);
        SCOPES.forEach(document.putArray("scopes_supported")::add);
        document.putArray("response_types_supported").add("code");
        document.putArray("code_challenge_methods_supported").add("S256");
        CAPABILITIES.forEach(document.withArray("capabilities")::add);
        return document;
    }

    /** The configured public base, else the scheme, host and port the client used. */
    private String base(HttpServletRequest request) {
        String requested = request.getScheme() + "://" + request.getServerName()
                + (defaultPort(request) ? "" : ":" + request.getServerPort()) + request.getContextPath();
        return urls.base(requested);
    }

    private static boolean defaultPort(HttpServletRequest request) {
        return ("http".equals(request.getScheme()) && request.getServerPort() == 80)
                || ("https".equals(request.getScheme()) && request.getServerPort() == 443);
    }
}
