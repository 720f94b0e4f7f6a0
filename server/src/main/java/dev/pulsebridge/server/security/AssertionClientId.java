package dev.pulsebridge.server.security;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.web.authentication.JwtClientAssertionAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * SMART Backend Services send a signed assertion and no {@code client_id} (RFC 7523 makes it optional;
 * Spring Authorization Server requires it). The assertion's issuer names the client; the signature is
 * then checked against that client's keys, and {@code iss}, {@code sub} and the client id must agree.
 */
final class AssertionClientId implements AuthenticationConverter {

    private final JwtClientAssertionAuthenticationConverter delegate = new JwtClientAssertionAuthenticationConverter();

    @Override
    public Authentication convert(HttpServletRequest request) {
        String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
        if (assertion == null || request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null) {
            return delegate.convert(request);
        }
        try {
            String issuer = SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
            return delegate.convert(issuer == null ? request : withClientId(request, issuer));
        } catch (ParseException notAJwt) {
            return delegate.convert(request);
        }
    }

    private static HttpServletRequest withClientId(HttpServletRequest request, String clientId) {
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
        parameters.put(OAuth2ParameterNames.CLIENT_ID, new String[] {clientId});
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getParameter(String name) {
                String[] values = parameters.get(name);
                return values == null ? null : values[0];
            }

            @Override
            public Map<String, String[]> getParameterMap() {
                return Collections.unmodifiableMap(parameters);
            }

            @Override
            public java.util.Enumeration<String> getParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }

            @Override
            public String[] getParameterValues(String name) {
                return parameters.get(name);
            }
        };
    }
}
