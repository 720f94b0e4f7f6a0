package dev.pulsebridge.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.server.security.SmartScope.Context;
import dev.pulsebridge.server.security.SmartScope.Interaction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.Bundle;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * What a token's SMART scopes allow on {@code /fhir}, decided twice: before the request runs, by its
 * interaction and resource type (every entry of a transaction or batch too, and each operation as the
 * interaction it amounts to), answering 403 and the scope that would be needed; and, through HAPI's
 * {@link AuthorizationInterceptor}, on every resource the response would carry (search results,
 * {@code _include}/{@code _revinclude}, history, {@code $everything}), so nothing outside the scopes
 * leaves. Only {@code system/} scopes are issued so far (backend services); patient and user contexts
 * come with signed-in users.
 */
@Component
@Interceptor
class SmartAuthorization extends AuthorizationInterceptor implements FhirRestInterceptor {

    /** Operations that read no patient data: terminology and validation. */
    private static final Set<String> DATA_FREE_OPERATIONS = Set.of("$validate", "$expand", "$validate-code", "$lookup",
            "$subsumes", "$translate");

    /** Operations that amount to an interaction on the resource type they run on. */
    private static final Map<String, Interaction> OPERATION_INTERACTIONS = Map.of(
            "$withings-status", Interaction.READ,
            "$withings-connect", Interaction.UPDATE,
            "$withings-disconnect", Interaction.UPDATE,
            "$withings-sync", Interaction.UPDATE,
            "$everything", Interaction.READ,
            "$status", Interaction.READ,
            "$events", Interaction.READ,
            "$get-ws-binding-token", Interaction.READ);

    SmartAuthorization() {
        super(PolicyEnum.DENY);
    }

    /** Before anything else looks at the request (edge validation included), so a refused caller learns nothing. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -1000)
    public void checkInteraction(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null || operation == RestOperationTypeEnum.METADATA || operation == RestOperationTypeEnum.GET_PAGE) {
            // a page of an earlier search: its resources pass the read rules on the way out
            return;
        }
        SmartScopes scopes = scopes();
        switch (operation) {
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE -> require(scopes, request.getResourceName(), Interaction.READ);
            case SEARCH_TYPE -> require(scopes, request.getResourceName(), Interaction.SEARCH);
            case SEARCH_SYSTEM -> require(scopes, SmartScope.ANY_TYPE, Interaction.SEARCH);
            case HISTORY_SYSTEM -> require(scopes, SmartScope.ANY_TYPE, Interaction.READ);
            case CREATE -> require(scopes, request.getResourceName(), Interaction.CREATE);
            case UPDATE, PATCH -> require(scopes, request.getResourceName(), Interaction.UPDATE);
            case DELETE -> require(scopes, request.getResourceName(), Interaction.DELETE);
            case TRANSACTION, BATCH -> checkEntries(scopes, bundle(request));
            case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
                    checkOperation(scopes, request);
            default -> throw new ForbiddenOperationException("The " + operation.getCode()
                    + " interaction is not open to tokens yet");
        }
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        RuleBuilder rules = new RuleBuilder();
        rules.allow().metadata();
        if (currentToken().isEmpty()) {
            return rules.denyAll().build();
        }
        for (SmartScope scope : scopes().resourceScopes()) {
            if (scope.context() != Context.SYSTEM) {
                continue;
            }
            if (scope.interactions().contains(Interaction.READ) || scope.interactions().contains(Interaction.SEARCH)) {
                types(rules.allow().read(), scope).withAnyId();
            }
            // HAPI's write rule covers create and update; which of the two a scope allows was checked up front
            if (scope.interactions().contains(Interaction.UPDATE) || scope.interactions().contains(Interaction.CREATE)) {
                types(rules.allow().write(), scope).withAnyId();
            }
            if (scope.interactions().contains(Interaction.UPDATE)) {
                rules.allow().patch().allRequests();
            }
            if (scope.interactions().contains(Interaction.DELETE)) {
                types(rules.allow().delete(), scope).withAnyId();
            }
        }
        rules.allow().transaction().withAnyOperation().andApplyNormalRules();
        // which operations a token may run was decided before the request ran; $everything's answer is patient
        // data and still passes the read rules, the others answer with Parameters or terminology
        rules.allow().operation().named("$everything").atAnyLevel().andRequireExplicitResponseAuthorization();
        rules.allow().operation().withAnyName().atAnyLevel().andAllowAllResponses();
        return rules.denyAll("not allowed by the token's scopes").build();
    }

    private static IAuthRuleBuilderRuleOpClassifier types(IAuthRuleBuilderRuleOp rule, SmartScope scope) {
        return scope.resourceType().equals(SmartScope.ANY_TYPE) ? rule.allResources() : rule.resourcesOfType(scope.resourceType());
    }

    private static void checkOperation(SmartScopes scopes, RequestDetails request) {
        String name = request.getOperation();
        if (DATA_FREE_OPERATIONS.contains(name)) {
            return;
        }
        Interaction interaction = OPERATION_INTERACTIONS.get(name);
        if (interaction == null) {
            throw new ForbiddenOperationException(name + " is not open to tokens");
        }
        require(scopes, request.getResourceName() == null ? SmartScope.ANY_TYPE : request.getResourceName(), interaction);
        if (name.equals("$everything")) {
            // everything in the patient's compartment: only a token that may read every type
            require(scopes, SmartScope.ANY_TYPE, Interaction.READ);
        }
    }

    private static void checkEntries(SmartScopes scopes, IBaseResource resource) {
        if (!(resource instanceof Bundle bundle)) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Bundle.HTTPVerb method = entry.getRequest().getMethod();
            String url = entry.getRequest().getUrl();
            String type = entry.hasResource() ? entry.getResource().fhirType() : typeOf(url);
            if (method == null) {
                continue;
            }
            switch (method) {
                case POST -> require(scopes, type, Interaction.CREATE);
                case PUT, PATCH -> require(scopes, type, Interaction.UPDATE);
                case DELETE -> require(scopes, type, Interaction.DELETE);
                case GET, HEAD -> require(scopes, type, url != null && url.contains("/") ? Interaction.READ : Interaction.SEARCH);
                default -> throw new ForbiddenOperationException("Bundle entry method " + method + " is not open to tokens");
            }
        }
    }

    /** The bundle as posted; HAPI parses it only after this check, so read it here (HAPI reuses the bytes). */
    private static IBaseResource bundle(RequestDetails request) {
        if (request.getResource() != null) {
            return request.getResource();
        }
        String body = new String(request.loadRequestContents(), java.nio.charset.StandardCharsets.UTF_8);
        EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(body);
        if (encoding == null) {
            return null; // not FHIR at all: HAPI answers 400
        }
        try {
            return encoding.newParser(request.getFhirContext()).parseResource(body);
        } catch (DataFormatException e) {
            return null;
        }
    }

    private static String typeOf(String url) {
        if (url == null || url.isBlank()) {
            return SmartScope.ANY_TYPE;
        }
        String path = url.startsWith("/") ? url.substring(1) : url;
        int end = path.indexOf('/') >= 0 ? path.indexOf('/') : path.indexOf('?') >= 0 ? path.indexOf('?') : path.length();
        return path.substring(0, end);
    }

    private static void require(SmartScopes scopes, String resourceType, Interaction interaction) {
        boolean allowed = resourceType.equals(SmartScope.ANY_TYPE)
                ? scopes.resourceScopes().stream().anyMatch(scope -> scope.resourceType().equals(SmartScope.ANY_TYPE)
                        && scope.interactions().contains(interaction))
                : scopes.allows(resourceType, interaction);
        if (!allowed) {
            throw new ForbiddenOperationException("The token's scopes do not allow this: it needs system/" + resourceType
                    + "." + interaction.letter());
        }
    }

    private static java.util.Optional<Jwt> currentToken() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Jwt jwt
                ? java.util.Optional.of(jwt) : java.util.Optional.empty();
    }

    private static SmartScopes scopes() {
        Jwt jwt = currentToken().orElseThrow(() -> new ForbiddenOperationException("A bearer token is required"));
        Object scope = jwt.getClaims().get("scope");
        String text = scope instanceof java.util.Collection<?> list
                ? String.join(" ", list.stream().map(String::valueOf).toList()) : String.valueOf(scope);
        return SmartScopes.parse(text);
    }
}
