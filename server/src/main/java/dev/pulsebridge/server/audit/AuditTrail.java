package dev.pulsebridge.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import dev.pulsebridge.server.fhir.FhirRestInterceptor;
import dev.pulsebridge.server.fhir.FhirStorageConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r5.model.AuditEvent;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.Coding;
import org.hl7.fhir.r5.model.Identifier;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Records every FHIR request, allowed or refused, as an AuditEvent in the spirit of IHE's Basic Audit Log
 * Patterns: who (the OAuth client, the signed-in user and their {@code fhirUser}, the network address),
 * what (the interaction, the resource or the search, the patient when it is known) and the outcome. The
 * request thread only inserts one row ({@link AuditOutbox}); HAPI stores the AuditEvent later.
 */
@Component
@Interceptor
class AuditTrail implements FhirRestInterceptor {

    static final String CLIENT_SYSTEM = "urn:pulsebridge:oauth-client";
    static final String USER_SYSTEM = "urn:pulsebridge:user";
    /**
     * What a request touched, named by a logical reference ({@code <base>Patient/x}): a literal
     * {@code Patient/x} would make HAPI refuse the record when the resource is gone (or never existed) and
     * refuse to delete an audited resource. Search with {@code AuditEvent?patient=<base>Patient/x}.
     */
    static final String SUBJECT_BASE = FhirStorageConfig.LOGICAL_AUDIT_BASE;
    private static final String INTERACTIONS = "http://hl7.org/fhir/restful-interaction";
    private static final String OUTCOMES = "http://terminology.hl7.org/CodeSystem/audit-event-outcome";
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditOutbox outbox;
    private final FhirContext fhir;
    private final Clock clock;
    private final boolean enabled;

    AuditTrail(AuditOutbox outbox, FhirContext fhir, Clock clock, AuditProperties properties) {
        this.outbox = outbox;
        this.fhir = fhir;
        this.clock = clock;
        this.enabled = properties.enabled();
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
    public void completed(ServletRequestDetails request) {
        record(request, "0", "Success", null);
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException failure) {
        String code = failure.getStatusCode() >= 500 ? "8" : "4";
        record(request, code, code.equals("8") ? "Serious failure" : "Minor failure",
                failure.getStatusCode() + " " + failure.getMessage());
        return true;
    }

    private void record(RequestDetails request, String outcome, String outcomeText, String detail) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (!enabled || operation == RestOperationTypeEnum.METADATA) {
            return;
        }
        try {
            Instant now = clock.instant();
            outbox.add(now, fhir.newJsonParser().encodeResourceToString(event(request, operation, now, outcome, outcomeText, detail)));
        } catch (RuntimeException e) {
            // the answer has gone out; losing its record is logged loudly rather than failing the request late
            log.error("Could not record the audit event of {} {}: {}", request.getRequestType(), request.getRequestPath(),
                    e.toString());
        }
    }

    private AuditEvent event(RequestDetails request, RestOperationTypeEnum operation, Instant now, String outcome,
            String outcomeText, String detail) {
        AuditEvent event = new AuditEvent();
        event.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest",
                "RESTful Operation")));
        event.setCode(new CodeableConcept(new Coding(INTERACTIONS, interaction(operation), null)).setText(
                (operation == null ? request.getRequestType() + " " + request.getRequestPath() : operation.getCode())
                        + (request.getOperation() == null ? "" : " " + request.getOperation())));
        event.setAction(action(operation, request.getRequestType().name()));
        event.setRecorded(Date.from(now));
        event.getOutcome().setCode(new Coding(OUTCOMES, outcome, outcomeText));
        if (detail != null) {
            event.getOutcome().addDetail().setText(detail.length() > 500 ? detail.substring(0, 500) : detail);
        }
        Optional<Jwt> token = token();
        AuditEvent.AuditEventAgentComponent client = event.addAgent().setRequestor(true);
        client.getType().addCoding(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110150", "Application"));
        client.setWho(new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM)
                .setValue(token.map(AuditTrail::clientId).orElse("anonymous"))));
        if (request instanceof ServletRequestDetails servlet) {
            client.setNetwork(new StringType(servlet.getServletRequest().getRemoteAddr()));
        }
        token.filter(jwt -> jwt.hasClaim("roles")).ifPresent(jwt -> {
            AuditEvent.AuditEventAgentComponent user = event.addAgent().setRequestor(true);
            user.getType().addCoding(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110153", "Source Role ID"));
            Reference who = new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(jwt.getSubject()));
            Optional.ofNullable(jwt.getClaimAsString("fhirUser")).ifPresent(who::setDisplay);
            user.setWho(who);
        });
        event.getSource().setObserver(new Reference().setDisplay("Pulsebridge FHIR server"));
        if (request.getId() != null && request.getId().hasIdPart()) {
            event.addEntity().setWhat(resource(request.getId().toUnqualifiedVersionless().getValue()));
        }
        String query = request.getCompleteUrl() == null ? null : request.getCompleteUrl().contains("?")
                ? request.getCompleteUrl().substring(request.getCompleteUrl().indexOf('?') + 1) : null;
        if (query != null && !query.isBlank()) {
            event.addEntity().setQuery(query.getBytes(StandardCharsets.UTF_8))
                    .setWhat(new Reference().setDisplay(request.getResourceName() == null ? "system" : request.getResourceName()));
        }
        patient(request, token).ifPresent(patient -> event.setPatient(resource("Patient/" + patient)));
        return event;
    }

    private static Reference resource(String typeAndId) {
        return new Reference(SUBJECT_BASE + typeAndId).setDisplay(typeAndId);
    }

    /** The patient whose data the request was about, when that is known without reading the answer. */
    private static Optional<String> patient(RequestDetails request, Optional<Jwt> token) {
        Optional<String> launch = token.map(jwt -> jwt.getClaimAsString("patient"));
        if (launch.isPresent()) {
            return launch;
        }
        if ("Patient".equals(request.getResourceName()) && request.getId() != null && request.getId().hasIdPart()) {
            return Optional.of(request.getId().getIdPart());
        }
        for (String name : List.of("patient", "subject")) {
            String[] values = request.getParameters().get(name);
            if (values != null && values.length == 1 && !values[0].contains(",")) {
                String value = values[0];
                if (value.startsWith("Patient/")) {
                    return Optional.of(value.substring(8));
                }
                if (name.equals("patient") && !value.contains("/")) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    private static String clientId(Jwt jwt) {
        List<String> audience = jwt.getAudience();
        return audience == null || audience.isEmpty() ? jwt.getSubject() : audience.get(0);
    }

    private static Optional<Jwt> token() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Jwt jwt ? Optional.of(jwt) : Optional.empty();
    }

    private static String interaction(RestOperationTypeEnum operation) {
        if (operation == null) {
            return "operation"; // a request HAPI could not place
        }
        return switch (operation) {
            case READ -> "read";
            case VREAD -> "vread";
            case UPDATE -> "update";
            case PATCH -> "patch";
            case DELETE -> "delete";
            case CREATE -> "create";
            case HISTORY_INSTANCE -> "history-instance";
            case HISTORY_TYPE -> "history-type";
            case HISTORY_SYSTEM -> "history-system";
            case SEARCH_TYPE, GET_PAGE -> "search-type";
            case SEARCH_SYSTEM -> "search-system";
            case TRANSACTION -> "transaction";
            case BATCH -> "batch";
            default -> "operation";
        };
    }

    private static AuditEvent.AuditEventAction action(RestOperationTypeEnum operation, String method) {
        if (operation == null) {
            return AuditEvent.AuditEventAction.E;
        }
        return switch (operation) {
            case CREATE -> AuditEvent.AuditEventAction.C;
            case UPDATE, PATCH -> AuditEvent.AuditEventAction.U;
            case DELETE -> AuditEvent.AuditEventAction.D;
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM, SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE ->
                    AuditEvent.AuditEventAction.R;
            default -> AuditEvent.AuditEventAction.E;
        };
    }
}
