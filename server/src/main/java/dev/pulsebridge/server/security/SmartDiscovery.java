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
 * in JSON whatever the Accept header says, with absolute URLs. It advertises what is served today and
 * nothing more: backend services (client credentials with a client secret) and both scope syntaxes.
 * The authorization endpoint and the launch capabilities come with signed-in users.
 */
class SmartDiscovery extends OncePerRequestFilter {

    static final String PATH = "/fhir/.well-known/smart-configuration";

    /** The capabilities Pulsebridge serves, in SMART App Launch 2.2's vocabulary. */
    static final List<String> CAPABILITIES = List.of("client-confidential-symmetric", "permission-v1", "permission-v2");

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
        document.put("token_endpoint", base + "/oauth2/token");
        document.put("introspection_endpoint", base + "/oauth2/introspect");
        document.put("revocation_endpoint", base + "/oauth2/revoke");
        document.putArray("grant_types_supported").add("client_credentials");
        document.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic");
        document.putArray("scopes_supported").add("system/*.cruds").add("system/*.rs").add("system/*.read")
                .add("system/*.write").add("system/*.*");
        document.putArray("response_types_supported");
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
