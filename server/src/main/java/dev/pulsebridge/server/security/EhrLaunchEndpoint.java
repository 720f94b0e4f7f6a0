package dev.pulsebridge.server.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.pulsebridge.server.security.SmartScope.Interaction;
import dev.pulsebridge.server.withings.PublicUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Patient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /smart/launch}: how an EHR (or the clinician dashboard) starts an EHR launch. With a token
 * that may read the patient, it asks for a {@code launch} id bound to that patient, and optionally to one
 * app, then opens the app's launch URL with {@code iss} and {@code launch}; the app sends the id back on
 * {@code /oauth2/authorize} and its token carries the patient. Ids expire after
 * {@code pulsebridge.security.launch-lifetime}.
 */
@RestController
class EhrLaunchEndpoint {

    static final String PATH = "/smart/launch";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final LaunchContexts launches;
    private final CareTeams careTeams;
    private final RegisteredClientRepository clients;
    private final DaoRegistry daos;
    private final PublicUrls urls;

    EhrLaunchEndpoint(LaunchContexts launches, CareTeams careTeams, RegisteredClientRepository clients, DaoRegistry daos,
            PublicUrls urls) {
        this.launches = launches;
        this.careTeams = careTeams;
        this.clients = clients;
        this.daos = daos;
        this.urls = urls;
    }

    @PostMapping(value = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> launch(HttpServletRequest http, @RequestParam("patient") String patient,
            @RequestParam(name = "client_id", required = false) String clientId) {
        String patientId = patient.startsWith("Patient/") ? patient.substring(8) : patient;
        if (!ID.matcher(patientId).matches()) {
            return error(HttpStatus.BAD_REQUEST, "patient must be a Patient id or Patient/<id>");
        }
        if (clientId != null && clients.findByClientId(clientId) == null) {
            return error(HttpStatus.BAD_REQUEST, "Unknown client_id " + clientId);
        }
        TokenAccess access = TokenAccess.of(null, careTeams).orElse(null);
        if (access == null) {
            return error(HttpStatus.UNAUTHORIZED, "A bearer token is required");
        }
        boolean reaches = access.scopes().contexts("Patient", Interaction.READ).stream()
                .anyMatch(context -> ScopeReach.reachesPatient(access, context, patientId));
        if (!reaches) {
            return error(HttpStatus.FORBIDDEN, "The token may not read Patient/" + patientId);
        }
        try {
            daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId), new SystemRequestDetails());
        } catch (BaseServerResponseException missing) {
            return error(HttpStatus.NOT_FOUND, "No Patient/" + patientId);
        }
        String launch = launches.startEhrLaunch(patientId, Optional.ofNullable(clientId));
        String base = urls.base(http.getRequestURL().toString().replace(PATH, ""));
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(Map.of(
                "launch", launch, "patient", patientId, "iss", base + "/fhir",
                "expires_in", launches.lifetime().toSeconds()));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("error", reason));
    }
}
