package dev.pulsebridge.server.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.pulsebridge.server.security.UserDirectory.Account;
import dev.pulsebridge.server.security.UserDirectory.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Patient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The page where a person decides what an app gets: each scope the app asked for with a checkbox (untick
 * to grant less), and, when the app needs a patient and the person may open several, which patient.
 * The answer goes back to {@code /oauth2/authorize}, bound to this one authorization by its state.
 */
@RestController
class ConsentPage {

    static final String PATH = "/oauth2/consent";
    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);
    private static final int MAX_LISTED_PATIENTS = 200;

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationService authorizations;
    private final UserDirectory users;
    private final SmartLaunchFlow flow;
    private final DaoRegistry daos;

    ConsentPage(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations, UserDirectory users,
            SmartLaunchFlow flow, DaoRegistry daos) {
        this.clients = clients;
        this.authorizations = authorizations;
        this.users = users;
        this.flow = flow;
        this.daos = daos;
    }

    @GetMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> consent(Principal principal, HttpServletRequest http,
            @RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
            @RequestParam(OAuth2ParameterNames.STATE) String state) {
        RegisteredClient client = clients.findByClientId(clientId);
        OAuth2Authorization authorization = authorizations.findByToken(state, STATE);
        Account account = users.find(principal.getName()).orElse(null);
        if (client == null || authorization == null || account == null
                || !authorization.getPrincipalName().equals(principal.getName())
                || !authorization.getRegisteredClientId().equals(client.getId())) {
            return PeoplePages.page(HttpStatus.BAD_REQUEST, "This request has expired",
                    "<p>Go back to the app and start again.</p>");
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        StringBuilder body = new StringBuilder();
        body.append("<p><strong>").append(HtmlUtils.htmlEscape(clientId)).append("</strong> asks to act for you, <strong>")
                .append(HtmlUtils.htmlEscape(account.username())).append("</strong>. Untick what it should not have.</p>");
        body.append("<form method=\"post\" action=\"").append(http.getContextPath()).append("/oauth2/authorize\">");
        body.append("<input type=\"hidden\" name=\"client_id\" value=\"").append(HtmlUtils.htmlEscape(clientId)).append("\">");
        body.append("<input type=\"hidden\" name=\"state\" value=\"").append(HtmlUtils.htmlEscape(state)).append("\">");
        body.append("<fieldset><legend>Permissions</legend>");
        for (String scope : request.getScopes().stream().sorted().toList()) {
            if (scope.equals("openid")) {
                continue; // granted with any other scope: it only says who signed in
            }
            body.append("<label class=\"scope\"><input type=\"checkbox\" name=\"scope\" checked value=\"")
                    .append(HtmlUtils.htmlEscape(scope)).append("\"> <span><code>").append(HtmlUtils.htmlEscape(scope))
                    .append("</code> ").append(HtmlUtils.htmlEscape(ScopeWords.describe(scope))).append("</span></label>");
        }
        body.append("</fieldset>");
        if (SmartLaunchFlow.needsPatient(request) && !request.getAdditionalParameters().containsKey(SmartLaunchFlow.LAUNCH_PARAMETER)) {
            body.append(patientPicker(account));
        }
        body.append("<button type=\"submit\" id=\"allow\">Allow</button> ");
        body.append("</form>");
        body.append("<form method=\"post\" action=\"").append(http.getContextPath()).append("/oauth2/authorize\">")
                .append("<input type=\"hidden\" name=\"client_id\" value=\"").append(HtmlUtils.htmlEscape(clientId)).append("\">")
                .append("<input type=\"hidden\" name=\"state\" value=\"").append(HtmlUtils.htmlEscape(state)).append("\">")
                .append("<button type=\"submit\" id=\"deny\">Deny</button></form>");
        return PeoplePages.page("Allow access?", body.toString());
    }

    private String patientPicker(Account account) {
        Map<String, String> patients = new LinkedHashMap<>();
        if (account.is(Role.ADMIN)) {
            SearchParameterMap recent = SearchParameterMap.newSynchronous();
            recent.setCount(MAX_LISTED_PATIENTS);
            for (IBaseResource found : daos.getResourceDao(Patient.class).searchForResources(recent, new SystemRequestDetails())) {
                patients.put(found.getIdElement().getIdPart(), name((Patient) found));
            }
        } else {
            flow.candidatePatients(account).forEach(id -> patients.put(id, name(id)));
        }
        StringBuilder picker = new StringBuilder("<fieldset><legend>Which patient?</legend>");
        if (patients.isEmpty()) {
            picker.append("<p class=\"error\">You have no patients to open yet.</p>");
        }
        List<String> ids = new ArrayList<>(patients.keySet());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            picker.append("<label class=\"scope\"><input type=\"radio\" name=\"patient\" required value=\"")
                    .append(HtmlUtils.htmlEscape(id)).append("\"").append(ids.size() == 1 ? " checked" : "").append("> ")
                    .append(HtmlUtils.htmlEscape(patients.get(id))).append(" <code>Patient/").append(HtmlUtils.htmlEscape(id))
                    .append("</code></label>");
        }
        return picker.append("</fieldset>").toString();
    }

    private String name(String patientId) {
        try {
            return name(daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId), new SystemRequestDetails()));
        } catch (BaseServerResponseException gone) {
            return "(no longer on file)";
        }
    }

    private static String name(Patient patient) {
        return patient.getName().isEmpty() ? "(no name)" : patient.getNameFirstRep().getNameAsSingleString();
    }
}
