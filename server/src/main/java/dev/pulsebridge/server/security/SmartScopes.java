package dev.pulsebridge.server.security;

import dev.pulsebridge.server.security.SmartScope.Context;
import dev.pulsebridge.server.security.SmartScope.Interaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scopes of one token, parsed once: the resource scopes, and the others SMART defines ({@code openid},
 * {@code fhirUser}, {@code launch}, {@code launch/patient}, {@code offline_access} ...). The one scope
 * parser every authorization decision reads. Scopes add up: a request is allowed when any scope allows
 * it, and a restricted scope narrows only what it grants itself, never what an unrestricted one grants.
 */
public final class SmartScopes {

    /** Scopes that grant no data access but mean something to the authorization server. */
    public static final Set<String> NON_RESOURCE = Set.of("openid", "fhirUser", "profile", "launch", "launch/patient",
            "launch/encounter", "offline_access", "online_access");

    private final List<SmartScope> resourceScopes;
    private final Set<String> otherScopes;

    private SmartScopes(List<SmartScope> resourceScopes, Set<String> otherScopes) {
        this.resourceScopes = List.copyOf(resourceScopes);
        this.otherScopes = Collections.unmodifiableSet(otherScopes);
    }

    /**
     * @param scope a space-separated scope string, as in a token request or a token's {@code scope} claim
     * @throws IllegalArgumentException naming the first scope that is neither a SMART scope nor one of
     *                                  {@link #NON_RESOURCE}
     */
    public static SmartScopes parse(String scope) {
        List<SmartScope> resources = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>();
        for (String text : scope == null ? new String[0] : scope.trim().split("\\s+")) {
            if (text.isEmpty()) {
                continue;
            }
            Optional<SmartScope> resource = SmartScope.parse(text);
            if (resource.isPresent()) {
                resources.add(resource.get());
            } else if (NON_RESOURCE.contains(text)) {
                others.add(text);
            } else {
                throw new IllegalArgumentException("Unknown scope '" + text + "'");
            }
        }
        return new SmartScopes(resources, others);
    }

    public List<SmartScope> resourceScopes() {
        return resourceScopes;
    }

    public boolean has(String otherScope) {
        return otherScopes.contains(otherScope);
    }

    /** Granting any {@code patient/} scope obliges the server to fix a patient context for the token. */
    public boolean needsPatientContext() {
        return resourceScopes.stream().anyMatch(scope -> scope.context() == Context.PATIENT);
    }

    /** Whether one unrestricted {@code system/*} scope allows all these interactions on every resource. */
    public boolean systemWide(Interaction... interactions) {
        return resourceScopes.stream().anyMatch(scope -> scope.context() == Context.SYSTEM && !scope.restricted()
                && scope.resourceType().equals(SmartScope.ANY_TYPE) && scope.interactions().containsAll(List.of(interactions)));
    }

    /** Whether any scope allows the interaction on the type, possibly only within a restriction. */
    public boolean allows(String resourceType, Interaction interaction) {
        return resourceScopes.stream().anyMatch(scope -> scope.covers(resourceType, interaction));
    }

    /**
     * The searches a request must stay within: empty when some scope allows the interaction without
     * restriction (or none allows it at all, see {@link #allows}); otherwise one restriction per granting
     * scope, any of which may be satisfied.
     */
    public List<Map<String, String>> restrictions(String resourceType, Interaction interaction) {
        List<SmartScope> granting = resourceScopes.stream().filter(scope -> scope.covers(resourceType, interaction)).toList();
        if (granting.isEmpty() || granting.stream().anyMatch(scope -> !scope.restricted())) {
            return List.of();
        }
        return granting.stream().map(SmartScope::restriction).toList();
    }

    /** The contexts the interaction on the type is granted in (a token may hold patient and user scopes). */
    public Set<Context> contexts(String resourceType, Interaction interaction) {
        Set<Context> contexts = new LinkedHashSet<>();
        Arrays.stream(Context.values()).forEach(context -> resourceScopes.stream()
                .filter(scope -> scope.context() == context && scope.covers(resourceType, interaction))
                .findAny().ifPresent(scope -> contexts.add(context)));
        return contexts;
    }

    /**
     * Whether every scope here is covered by {@code granted}: a client may ask for less than it was
     * registered for ({@code system/Observation.rs} within {@code system/*.cruds}), never more.
     */
    public boolean within(SmartScopes granted) {
        return otherScopes.stream().allMatch(granted.otherScopes::contains)
                && resourceScopes.stream().allMatch(asked -> granted.resourceScopes.stream().anyMatch(grant -> covers(grant, asked)));
    }

    private static boolean covers(SmartScope grant, SmartScope asked) {
        return grant.context() == asked.context()
                && (grant.resourceType().equals(SmartScope.ANY_TYPE) || grant.resourceType().equals(asked.resourceType()))
                && grant.interactions().containsAll(asked.interactions())
                && (!grant.restricted() || grant.restriction().equals(asked.restriction()));
    }

    /** The scopes in v2 syntax, resource scopes first, space separated. */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        resourceScopes.forEach(scope -> all.add(scope.toString()));
        all.addAll(otherScopes);
        return String.join(" ", all);
    }
}
