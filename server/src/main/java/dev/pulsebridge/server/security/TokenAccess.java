package dev.pulsebridge.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.pulsebridge.server.security.SmartScope.Context;
import dev.pulsebridge.server.security.UserDirectory.Role;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What the bearer token of one request stands for: its scopes, the patient in its launch context, the
 * signed-in user ({@code fhirUser}, roles) and, for a clinician, the patients they look after (asked of
 * the CareTeams once per request, and only when a {@code user/} scope needs it).
 */
final class TokenAccess {

    static final String PATIENT_CLAIM = "patient";
    static final String FHIR_USER_CLAIM = "fhirUser";
    static final String ROLES_CLAIM = "roles";
    static final String CLIENT_ID_CLAIM = "client_id";
    private static final String REQUEST_KEY = TokenAccess.class.getName();

    private final String scopeText;
    private final SmartScopes scopes;
    private final Optional<String> client;
    private final Optional<String> subject;
    private final Optional<String> username;
    private final Optional<String> patient;
    private final Optional<String> fhirUser;
    private final Set<Role> roles;
    private final Supplier<Set<String>> careTeamPatients;
    private Set<String> userPatients;

    private TokenAccess(String scope, Optional<String> client, Optional<String> subject, Optional<String> username,
            Optional<String> patient, Optional<String> fhirUser, Set<Role> roles, CareTeams careTeams) {
        this.scopeText = scope;
        this.scopes = SmartScopes.parse(scope);
        this.client = client;
        this.subject = subject;
        this.username = username;
        this.patient = patient;
        this.fhirUser = fhirUser;
        this.roles = Set.copyOf(roles);
        this.careTeamPatients = () -> fhirUser.filter(reference -> reference.startsWith("Practitioner/"))
                .map(careTeams::patientIdsOf).orElse(Set.of());
    }

    private static TokenAccess of(Jwt token, CareTeams careTeams) {
        List<String> roleNames = token.hasClaim(ROLES_CLAIM) ? token.getClaimAsStringList(ROLES_CLAIM) : List.of();
        // a person's token carries their roles (an empty list for none); a backend service's has no roles claim
        boolean person = token.hasClaim(ROLES_CLAIM);
        return new TokenAccess(text(token.getClaims().get("scope")),
                Optional.ofNullable(token.getClaimAsString(CLIENT_ID_CLAIM)),
                Optional.ofNullable(token.getSubject()), person ? Optional.ofNullable(token.getSubject()) : Optional.empty(), Optional.ofNullable(token.getClaimAsString(PATIENT_CLAIM)),
                Optional.ofNullable(token.getClaimAsString(FHIR_USER_CLAIM)),
                roleNames.stream().map(Role::of).collect(java.util.stream.Collectors.toUnmodifiableSet()), careTeams);
    }

    /**
     * The grant a Subscription's owner holds, as their token had it when they created the subscription
     * (scopes, launch patient) and as their account is now (fhirUser, roles, care team).
     */
    static TokenAccess ofGrant(String scope, Optional<String> patient, Optional<String> fhirUser, Set<Role> roles,
            CareTeams careTeams) {
        return new TokenAccess(scope, Optional.empty(), Optional.empty(), Optional.empty(), patient, fhirUser, roles,
                careTeams);
    }

    /** The request's token, read once per request; empty when the request carries none. */
    static Optional<TokenAccess> of(RequestDetails request, CareTeams careTeams) {
        if (request != null && request.getUserData().get(REQUEST_KEY) instanceof TokenAccess cached) {
            return Optional.of(cached);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            return Optional.empty();
        }
        TokenAccess access = of(jwt, careTeams);
        if (request != null) {
            request.getUserData().put(REQUEST_KEY, access);
        }
        return Optional.of(access);
    }

    SmartScopes scopes() {
        return scopes;
    }

    /** The scopes as granted, space-separated. */
    String scopeText() {
        return scopeText;
    }

    /** The OAuth client the token was issued to (its audience). */
    Optional<String> client() {
        return client;
    }

    /** Who the token was issued for: the signed-in user, or the client itself for a backend service. */
    Optional<String> subject() {
        return subject;
    }

    /** The signed-in person the token was issued for; empty for a backend service's own token. */
    Optional<String> username() {
        return username;
    }

    /** The patient a {@code patient/} scope reaches, from the launch context. */
    Optional<String> patient() {
        return patient;
    }

    Optional<String> fhirUser() {
        return fhirUser;
    }

    boolean has(Context context) {
        return scopes.resourceScopes().stream().anyMatch(scope -> scope.context() == context);
    }

    /** Every resource scope is of this context. */
    boolean only(Context context) {
        return !scopes.resourceScopes().isEmpty()
                && scopes.resourceScopes().stream().allMatch(scope -> scope.context() == context);
    }

    /** A {@code user/} scope reaches every patient: the user is an admin. */
    boolean userSeesEveryone() {
        return roles.contains(Role.ADMIN);
    }

    /** The patients a {@code user/} scope reaches when {@link #userSeesEveryone()} is false. */
    Set<String> userPatients() {
        if (userPatients == null) {
            Set<String> patients = new java.util.LinkedHashSet<>(careTeamPatients.get());
            fhirUser.filter(reference -> reference.startsWith("Patient/")).map(reference -> reference.substring(8))
                    .ifPresent(patients::add);
            userPatients = Set.copyOf(patients);
        }
        return userPatients;
    }

    /** The patients a scope of this context reaches; empty means every patient. */
    Optional<Set<String>> patientsReachedBy(Context context) {
        return switch (context) {
            case SYSTEM -> Optional.empty();
            case USER -> userSeesEveryone() ? Optional.empty() : Optional.of(userPatients());
            case PATIENT -> Optional.of(patient.map(Set::of).orElse(Set.of()));
        };
    }

    private static String text(Object scope) {
        return scope instanceof Collection<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                : scope == null ? "" : String.valueOf(scope);
    }
}
