package dev.pulsebridge.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.server.fhir.PatientIds;
import dev.pulsebridge.server.security.SmartScope.Context;
import dev.pulsebridge.server.security.SmartScope.Interaction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * What a token's SMART scopes allow on {@code /fhir}, decided before the request runs: by its interaction
 * and resource type (every entry of a transaction or batch too, and each operation as the interaction it
 * amounts to), answering 403 and the scope that would be needed. Tokens bound to patients (a
 * {@code patient/} scope, or a {@code user/} scope of a user who is not an admin) are also kept from the
 * searches that could reach past those patients (chained and {@code _has} parameters) and from operations
 * on another patient ({@link SubscriptionOwnership} keeps them to their own Subscriptions). Which resources a request then touches is checked one by
 * one: {@link ScopeConsent} on what leaves, {@link ScopedWrites} on what is stored.
 */
@Component
@Interceptor
class SmartAuthorization implements FhirRestInterceptor {

    /** Operations that read no patient data: terminology and validation. */
    private static final Set<String> DATA_FREE_OPERATIONS = Set.of("$validate", "$expand", "$validate-code", "$lookup",
            "$subsumes", "$translate");

    /** Operations that amount to an interaction on the resource type they run on. */
    private static final Map<String, Interaction> OPERATION_INTERACTIONS = Map.ofEntries(
            Map.entry("$withings-status", Interaction.READ),
            Map.entry("$withings-connect", Interaction.UPDATE),
            Map.entry("$withings-disconnect", Interaction.UPDATE),
            Map.entry("$withings-sync", Interaction.UPDATE),
            Map.entry("$everything", Interaction.READ),
            Map.entry("$status", Interaction.READ),
            Map.entry("$events", Interaction.READ),
            Map.entry("$get-ws-binding-token", Interaction.READ),
            Map.entry("$lastn", Interaction.SEARCH),
            Map.entry("$stats", Interaction.SEARCH),
            Map.entry("$reading-days", Interaction.SEARCH));

    /** Operations answered from the readings of the patients they name. */
    private static final Set<String> READING_OPERATIONS = Set.of("$lastn", "$stats", "$reading-days");

    private static final String AUDIT_EVENT = "AuditEvent";
    private static final Set<RestOperationTypeEnum> WRITES = Set.of(RestOperationTypeEnum.CREATE, RestOperationTypeEnum.UPDATE,
            RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE);

    private final CareTeams careTeams;

    SmartAuthorization(CareTeams careTeams) {
        this.careTeams = careTeams;
    }

    /** Before anything else looks at the request (edge validation included), so a refused caller learns nothing. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -1000)
    public void checkInteraction(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == null || operation == RestOperationTypeEnum.METADATA || operation == RestOperationTypeEnum.GET_PAGE) {
            // a page of an earlier search: its resources pass the consent checks on the way out
            return;
        }
        TokenAccess access = TokenAccess.of(request, careTeams)
                .orElseThrow(() -> new ForbiddenOperationException("A bearer token is required"));
        boolean patientBound = ScopeReach.limitedToPatients(access);
        checkAuditLog(access, request.getResourceName(), operation);
        if (patientBound) {
            refuseReachingSearches(request.getParameters().keySet());
        }
        switch (operation) {
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE -> require(access, request.getResourceName(), Interaction.READ);
            case SEARCH_TYPE -> require(access, request.getResourceName(), Interaction.SEARCH);
            case SEARCH_SYSTEM -> require(access, SmartScope.ANY_TYPE, Interaction.SEARCH);
            case HISTORY_SYSTEM -> require(access, SmartScope.ANY_TYPE, Interaction.READ);
            case CREATE -> require(access, request.getResourceName(), Interaction.CREATE);
            case UPDATE, PATCH -> require(access, request.getResourceName(), Interaction.UPDATE);
            case DELETE -> require(access, request.getResourceName(), Interaction.DELETE);
            case TRANSACTION, BATCH -> checkEntries(access, patientBound, bundle(request));
            case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
                    checkOperation(access, patientBound, request);
            default -> throw new ForbiddenOperationException("The " + operation.getCode()
                    + " interaction is not open to tokens yet");
        }
    }

    private static void checkOperation(TokenAccess access, boolean patientBound, RequestDetails request) {
        String name = request.getOperation();
        if (DATA_FREE_OPERATIONS.contains(name)) {
            return;
        }
        Interaction interaction = OPERATION_INTERACTIONS.get(name);
        if (interaction == null) {
            throw new ForbiddenOperationException(name + " is not open to tokens");
        }
        String type = request.getResourceName() == null ? SmartScope.ANY_TYPE : request.getResourceName();
        require(access, type, interaction);
        if (READING_OPERATIONS.contains(name)) {
            checkReadingOperation(access, patientBound, request, name);
        }
        if (name.equals("$everything")) {
            // everything in the patient's compartment: only a token that may read every type
            require(access, SmartScope.ANY_TYPE, Interaction.READ);
        }
        if (patientBound && type.equals("Patient")) {
            String patientId = request.getId() == null ? null : request.getId().getIdPart();
            if (patientId == null) {
                throw new ForbiddenOperationException(name + " runs on one patient (Patient/{id}/" + name + ") for this token");
            }
            boolean reached = access.scopes().contexts("Patient", interaction).stream()
                    .anyMatch(context -> ScopeReach.reachesPatient(access, context, patientId));
            if (!reached) {
                throw new ForbiddenOperationException("The token's scopes do not reach Patient/" + patientId);
            }
        }
    }

    /**
     * {@code $lastn}, {@code $stats} and {@code $reading-days} on a token bound to patients name their
     * patients in the query ({@code patient=}/{@code subject=}), each one the token reaches; {@code $stats}
     * and {@code $reading-days} answer with numbers computed over every matching reading, so they need a
     * scope on Observations that no search narrows.
     */
    private static void checkReadingOperation(TokenAccess access, boolean patientBound, RequestDetails request, String name) {
        if (!name.equals("$lastn") && access.scopes().resourceScopes().stream().noneMatch(scope -> !scope.restricted()
                && (scope.covers("Observation", Interaction.SEARCH) || scope.covers("Observation", Interaction.READ)))) {
            throw new ForbiddenOperationException(name + " needs a scope on Observations without a search restriction: "
                    + "it would count readings the restricted scope hides");
        }
        if (!patientBound) {
            return;
        }
        Set<String> patients = new java.util.LinkedHashSet<>();
        for (String parameter : new String[] {"patient", "subject"}) {
            String[] values = request.getParameters().get(parameter);
            if (values != null) {
                for (String value : values) {
                    for (String one : value.split(",")) {
                        patients.add(PatientIds.of(one));
                    }
                }
            }
        }
        if (patients.isEmpty()) {
            throw new ForbiddenOperationException(name + " needs the patient in the query (patient= or subject=) for this token");
        }
        for (String patient : patients) {
            boolean reached = access.scopes().contexts("Observation", Interaction.SEARCH).stream()
                    .anyMatch(context -> ScopeReach.reachesPatient(access, context, patient));
            if (!reached) {
                throw new ForbiddenOperationException("The token's scopes do not reach Patient/" + patient);
            }
        }
    }

    private static void checkEntries(TokenAccess access, boolean patientBound, IBaseResource resource) {
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
            checkAuditLog(access, type, method == Bundle.HTTPVerb.GET || method == Bundle.HTTPVerb.HEAD
                    ? RestOperationTypeEnum.SEARCH_TYPE : RestOperationTypeEnum.CREATE);
            if (patientBound) {
                refuseReachingSearches(queryNames(url));
            }
            switch (method) {
                case POST -> require(access, type, Interaction.CREATE);
                case PUT, PATCH -> require(access, type, Interaction.UPDATE);
                case DELETE -> require(access, type, Interaction.DELETE);
                case GET, HEAD -> require(access, type, url != null && url.contains("/") && !url.contains("?")
                        ? Interaction.READ : Interaction.SEARCH);
                default -> throw new ForbiddenOperationException("Bundle entry method " + method + " is not open to tokens");
            }
        }
    }

    /**
     * A chain ({@code subject.name=}) or a reverse chain ({@code _has:}) is evaluated against resources the
     * result never shows, so narrowing the result to the token's patients would not keep it from probing
     * other patients' data.
     */
    private static void refuseReachingSearches(Set<String> parameterNames) {
        for (String name : parameterNames) {
            if (name.startsWith("_has") || (!name.startsWith("_") && name.contains("."))) {
                throw new ForbiddenOperationException("Chained and _has search parameters ('" + name + "') are open to "
                        + "backend (system/) tokens only: they could reach past the patients this token is for");
            }
        }
    }

    /** The audit log is written by the server alone, and read by backend services and admins. */
    private static void checkAuditLog(TokenAccess access, String type, RestOperationTypeEnum operation) {
        if (!AUDIT_EVENT.equals(type)) {
            return;
        }
        if (WRITES.contains(operation)) {
            throw new ForbiddenOperationException("AuditEvents are written by the server only");
        }
        if (!access.has(Context.SYSTEM) && !access.userSeesEveryone()) {
            throw new ForbiddenOperationException("The audit log is open to backend (system/) tokens and admins only");
        }
    }

    /** The bundle as posted; HAPI parses it only after this check, so read it here (HAPI reuses the bytes). */
    private static IBaseResource bundle(RequestDetails request) {
        if (request.getResource() != null) {
            return request.getResource();
        }
        String body = new String(request.loadRequestContents(), StandardCharsets.UTF_8);
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

    private static Set<String> queryNames(String url) {
        if (url == null || !url.contains("?")) {
            return Set.of();
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            int equals = pair.indexOf('=');
            names.add(java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8));
        }
        return names;
    }

    private static void require(TokenAccess access, String resourceType, Interaction interaction) {
        SmartScopes scopes = access.scopes();
        boolean allowed = resourceType.equals(SmartScope.ANY_TYPE)
                ? scopes.resourceScopes().stream().anyMatch(scope -> scope.resourceType().equals(SmartScope.ANY_TYPE)
                        && scope.interactions().contains(interaction))
                : scopes.allows(resourceType, interaction);
        if (!allowed) {
            Context context = access.has(Context.PATIENT) ? Context.PATIENT : access.has(Context.USER) ? Context.USER : Context.SYSTEM;
            throw new ForbiddenOperationException("The token's scopes do not allow this: it needs " + context.code() + "/"
                    + resourceType + "." + interaction.letter());
        }
    }
}
