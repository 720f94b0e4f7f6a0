package dev.pulsebridge.server.security;

import com.nimbusds.jwt.SignedJWT;
import dev.pulsebridge.server.security.SmartScope.Context;
import dev.pulsebridge.server.security.UserDirectory.Account;
import dev.pulsebridge.server.security.UserDirectory.Role;
import java.text.ParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * SMART App Launch on top of Spring Authorization Server: what it adds to each step of the OAuth flow.
 * <ul>
 * <li>the authorization request: scopes within what the client is registered for (SMART semantics,
 * {@code patient/Observation.rs} within {@code patient/*.cruds}), {@code aud} naming this FHIR server, a
 * {@code launch} id the server issued, and the launch mode the client is allowed;</li>
 * <li>consent: shown when the client requires it, and whenever a patient must be picked;</li>
 * <li>the tokens: {@code patient}, {@code fhirUser} and roles in the access token, {@code fhirUser} in
 * the id token, {@code patient} next to the token in the response; refresh tokens only for
 * {@code offline_access} / {@code online_access}.</li>
 * </ul>
 */
final class SmartLaunchFlow {

    static final String LAUNCH_PARAMETER = "launch";
    static final String PATIENT_PARAMETER = "patient";

    private final UserDirectory users;
    private final CareTeams careTeams;
    private final LaunchContexts launches;

    SmartLaunchFlow(UserDirectory users, CareTeams careTeams, LaunchContexts launches) {
        this.users = users;
        this.careTeams = careTeams;
        this.launches = launches;
    }

    // ---- the authorization request ----

    void validateAuthorizationRequest(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(context);
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        RegisteredClient client = context.getRegisteredClient();
        SmartScopes asked;
        try {
            asked = SmartScopes.parse(String.join(" ", request.getScopes()));
        } catch (IllegalArgumentException unknown) {
            throw authorizeError(context, OAuth2ErrorCodes.INVALID_SCOPE, unknown.getMessage());
        }
        if (!asked.within(SmartScopes.parse(String.join(" ", client.getScopes())))) {
            throw authorizeError(context, OAuth2ErrorCodes.INVALID_SCOPE, "Scopes beyond what the client is registered for");
        }
        Object audience = request.getAdditionalParameters().get("aud");
        String fhirBase = AuthorizationServerContextHolder.getContext().getIssuer() + "/fhir";
        if (audience == null || !(audience.equals(fhirBase) || audience.equals(fhirBase + "/"))) {
            throw authorizeError(context, OAuth2ErrorCodes.INVALID_REQUEST, "aud must be this FHIR server: " + fhirBase);
        }
        String mode = OAuthClients.launchMode(client);
        Object launch = request.getAdditionalParameters().get(LAUNCH_PARAMETER);
        if (launch != null) {
            if (mode.equals("standalone")) {
                throw authorizeError(context, OAuth2ErrorCodes.INVALID_REQUEST, "This app is registered for standalone launch only");
            }
            if (launches.ehrLaunch(launch.toString(), client.getClientId()).isEmpty()) {
                throw authorizeError(context, OAuth2ErrorCodes.INVALID_REQUEST, "Unknown or expired launch");
            }
        } else if (mode.equals("ehr")) {
            throw authorizeError(context, OAuth2ErrorCodes.INVALID_REQUEST, "This app is registered for EHR launch only");
        }
    }

    /** Consent is shown when the client requires it, or when only the person signing in can say which patient. */
    boolean consentRequired(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        if (context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
            return true;
        }
        OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
        OAuth2AuthorizationCodeRequestAuthenticationToken asked = context.getAuthentication();
        Authentication principal = (Authentication) asked.getPrincipal();
        return needsPatient(request) && !request.getAdditionalParameters().containsKey(LAUNCH_PARAMETER)
                && users.find(principal.getName()).flatMap(Account::ownPatientId).isEmpty();
    }

    static boolean needsPatient(OAuth2AuthorizationRequest request) {
        SmartScopes scopes = SmartScopes.parse(String.join(" ", request.getScopes()));
        return scopes.has("launch/patient") || scopes.needsPatientContext();
    }

    // ---- consent ----

    /** Remembers the patient picked on the consent page, if the person may see them. */
    void recordConsent(OAuth2AuthorizationConsentAuthenticationContext context) {
        OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
        if (!needsPatient(request) || request.getAdditionalParameters().containsKey(LAUNCH_PARAMETER)) {
            return;
        }
        OAuth2AuthorizationConsentAuthenticationToken answer = context.getAuthentication();
        Object picked = answer.getAdditionalParameters().get(PATIENT_PARAMETER);
        if (picked == null || picked.toString().isBlank()) {
            return; // a patient user gets their own; anyone else fails at the token step
        }
        String patientId = picked.toString().trim();
        Account account = users.find(context.getAuthorization().getPrincipalName()).orElseThrow();
        if (!maySee(account, patientId)) {
            OAuth2AuthorizationCodeRequestAuthenticationToken original = new OAuth2AuthorizationCodeRequestAuthenticationToken(
                    request.getAuthorizationUri(), request.getClientId(), (Authentication) answer.getPrincipal(),
                    request.getRedirectUri(), request.getState(), request.getScopes(), request.getAdditionalParameters());
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
                    "You may not open Patient/" + patientId, null), original);
        }
        launches.pick(context.getAuthorization().getId(), patientId);
    }

    /** The patients the person may pick from by name: their own, their CareTeams' (an admin may open any, see maySee). */
    Set<String> candidatePatients(Account account) {
        Set<String> patients = new LinkedHashSet<>();
        account.ownPatientId().ifPresent(patients::add);
        if (account.is(Role.CLINICIAN)) {
            account.fhirUser().ifPresent(practitioner -> patients.addAll(careTeams.patientIdsOf(practitioner)));
        }
        return patients;
    }

    boolean maySee(Account account, String patientId) {
        return account.is(Role.ADMIN) || candidatePatients(account).contains(patientId);
    }

    // ---- tokens ----

    void customize(JwtEncodingContext context) {
        context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            // RFC 9068: which client holds the token, whatever its audience
            context.getClaims().claim(TokenAccess.CLIENT_ID_CLAIM, context.getRegisteredClient().getClientId());
        }
        AuthorizationGrantType grant = context.getAuthorizationGrantType();
        boolean signedIn = AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
                || AuthorizationGrantType.REFRESH_TOKEN.equals(grant);
        if (!signedIn) {
            return;
        }
        String username = context.getPrincipal().getName();
        Account account = users.find(username).orElseThrow(() -> tokenError("The user " + username + " no longer exists"));
        String issuer = AuthorizationServerContextHolder.getContext().getIssuer();
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            account.fhirUser().ifPresent(fhirUser -> context.getClaims().claim(TokenAccess.FHIR_USER_CLAIM, issuer + "/fhir/" + fhirUser));
            return;
        }
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        account.fhirUser().ifPresent(fhirUser -> context.getClaims().claim(TokenAccess.FHIR_USER_CLAIM, fhirUser));
        context.getClaims().claim(TokenAccess.ROLES_CLAIM, account.roles().stream().map(Role::code).sorted()
                // a mutable list: the claims are stored as JSON, and Jackson reads back only allowed list types
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new)));
        OAuth2Authorization authorization = context.getAuthorization();
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        if (!needsPatient(request) && !SmartScopes.parse(String.join(" ", context.getAuthorizedScopes())).needsPatientContext()) {
            return;
        }
        String patientId = launchPatient(context, authorization, request, account)
                .orElseThrow(() -> tokenError("No patient was chosen for patient/ scopes"));
        if (!maySee(account, patientId)) {
            throw tokenError("The user may no longer open Patient/" + patientId);
        }
        context.getClaims().claim(TokenAccess.PATIENT_CLAIM, patientId);
    }

    private Optional<String> launchPatient(JwtEncodingContext context, OAuth2Authorization authorization,
            OAuth2AuthorizationRequest request, Account account) {
        if (AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())) {
            Map<String, Object> previous = authorization.getAccessToken() == null ? Map.of() : authorization.getAccessToken().getClaims();
            return Optional.ofNullable(previous == null ? null : (String) previous.get(TokenAccess.PATIENT_CLAIM));
        }
        Object launch = request.getAdditionalParameters().get(LAUNCH_PARAMETER);
        if (launch != null) {
            return launches.ehrLaunch(launch.toString(), request.getClientId()).map(LaunchContexts.Launch::patientId);
        }
        Optional<String> picked = launches.takePicked(authorization.getId());
        return picked.isPresent() ? picked : account.ownPatientId();
    }

    /** SMART clients read the patient next to the token, not inside it. */
    void addLaunchContext(OAuth2AccessTokenAuthenticationContext context) {
        OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
        String token = issued.getAccessToken().getTokenValue();
        try {
            Object patient = SignedJWT.parse(token).getJWTClaimsSet().getClaim(TokenAccess.PATIENT_CLAIM);
            if (patient != null) {
                Map<String, Object> parameters = new HashMap<>(issued.getAdditionalParameters());
                parameters.put(PATIENT_PARAMETER, patient.toString());
                parameters.put("need_patient_banner", true);
                context.getAccessTokenResponse().additionalParameters(parameters);
            }
        } catch (ParseException notOurs) {
            // only self-contained tokens are issued; nothing to add to anything else
        }
    }

    // ---- client credentials ----

    /** SMART semantics instead of string equality: any subset of what the client is registered for. */
    static void requestedScopesWithinRegistered(OAuth2ClientCredentialsAuthenticationContext context) {
        try {
            OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
            SmartScopes asked = SmartScopes.parse(String.join(" ", request.getScopes()));
            SmartScopes registered = SmartScopes.parse(String.join(" ", context.getRegisteredClient().getScopes()));
            if (!asked.within(registered) || asked.resourceScopes().stream().anyMatch(scope -> scope.context() != Context.SYSTEM)) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
            }
        } catch (IllegalArgumentException unknownScope) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_SCOPE);
        }
    }

    private static OAuth2AuthenticationException tokenError(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException authorizeError(
            OAuth2AuthorizationCodeRequestAuthenticationContext context, String code, String description) {
        return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, description, null),
                context.getAuthentication());
    }

    static List<String> grantTypes() {
        return List.of("authorization_code", "client_credentials", "refresh_token");
    }
}
