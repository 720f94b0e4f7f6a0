package dev.pulsebridge.simulator.oauth;

import dev.pulsebridge.simulator.SimulatorProperties;
import dev.pulsebridge.simulator.api.ApiGate;
import dev.pulsebridge.simulator.api.Envelope;
import dev.pulsebridge.simulator.api.Faults;
import dev.pulsebridge.simulator.api.Stats;
import dev.pulsebridge.simulator.api.WithingsError;
import dev.pulsebridge.simulator.data.SimulatorStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /oauth2_user/authorize2} (consent) and {@code /v2/oauth2} (requesttoken, revoke). */
@RestController
class OAuthController {

    private final SimulatorProperties properties;
    private final TokenStore tokens;
    private final SimulatorStore store;
    private final ApiGate gate;
    private final Stats stats;
    private final Faults faults;

    OAuthController(SimulatorProperties properties, TokenStore tokens, SimulatorStore store, ApiGate gate, Stats stats,
            Faults faults) {
        this.faults = faults;
        this.properties = properties;
        this.tokens = tokens;
        this.store = store;
        this.gate = gate;
        this.stats = stats;
    }

    /**
     * Shows the simulated users with an Allow button each; {@code sim_userid} approves at once for
     * that user (what tests and the demo use).
     */
    @GetMapping("/oauth2_user/authorize2")
    ResponseEntity<String> authorize(@RequestParam Map<String, String> params) {
        String redirectUri = params.get("redirect_uri");
        if (!"code".equals(params.get("response_type")) || !properties.clientId().equals(params.get("client_id"))
                || redirectUri == null || redirectUri.isBlank()) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
                    .body("response_type=code, the simulator's client_id and a redirect_uri are required");
        }
        String scope = params.getOrDefault("scope", "user.info");
        String simUser = params.get("sim_userid");
        if (simUser != null) {
            long userId = Long.parseLong(simUser);
            if (!store.exists(userId)) {
                return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("No simulated user " + userId);
            }
            if ("deny".equals(params.get("sim_decision"))) {
                return redirect(UriComponentsBuilder.fromUriString(redirectUri).queryParam("error", "access_denied")
                        .queryParam("state", params.get("state")).encode(StandardCharsets.UTF_8).build().toUri());
            }
            String code = tokens.newCode(userId, redirectUri, scope);
            return redirect(UriComponentsBuilder.fromUriString(redirectUri).queryParam("code", code)
                    .queryParam("state", params.get("state")).encode(StandardCharsets.UTF_8).build().toUri());
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(consentPage(params, scope));
    }

    @RequestMapping(path = "/v2/oauth2", method = {RequestMethod.POST, RequestMethod.GET})
    Map<String, Object> oauth(@RequestParam Map<String, String> params) {
        String action = params.getOrDefault("action", "");
        gate.enter(action, params, params.get("client_id"));
        switch (action) {
            case "requesttoken" -> {
                checkClient(params);
                TokenStore.Issued issued = switch (params.getOrDefault("grant_type", "")) {
                    case "authorization_code" -> tokens.exchangeCode(params.get("code"), params.get("redirect_uri"));
                    case "refresh_token" -> {
                        tokens.ownerOfRefreshToken(params.get("refresh_token")).ifPresent(user -> {
                            stats.userCall(user, action);
                            faults.applyFor(action, user);
                        });
                        yield tokens.refresh(params.get("refresh_token"));
                    }
                    default -> throw WithingsError.invalidParams("grant_type");
                };
                stats.tokenGranted(params.get("grant_type"), issued.userId());
                Map<String, Object> body = new LinkedHashMap<>();
                // Withings sends the userid as a string on code exchange and as a number on refresh.
                body.put("userid", "authorization_code".equals(params.get("grant_type"))
                        ? Long.toString(issued.userId()) : issued.userId());
                body.put("access_token", issued.accessToken());
                body.put("refresh_token", issued.refreshToken());
                body.put("scope", issued.scope());
                body.put("expires_in", issued.expiresIn());
                body.put("token_type", "Bearer");
                return Envelope.ok(body);
            }
            case "revoke" -> {
                checkClient(params);
                long userId = parseUser(params.get("userid"));
                tokens.revokeUser(userId);
                store.unlink(userId);
                return Envelope.ok(Map.of());
            }
            default -> throw new WithingsError(2554, "Unknown action");
        }
    }

    private void checkClient(Map<String, String> params) {
        if (!properties.clientId().equals(params.get("client_id")) || !properties.clientSecret().equals(params.get("client_secret"))) {
            throw new WithingsError(503, "Invalid Params: invalid client_id or client_secret");
        }
    }

    private static long parseUser(String userid) {
        try {
            return Long.parseLong(userid);
        } catch (NumberFormatException | NullPointerException e) {
            throw WithingsError.invalidParams("userid");
        }
    }

    private static ResponseEntity<String> redirect(URI location) {
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
    }

    private String consentPage(Map<String, String> params, String scope) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>Withings simulator: allow access</title></head><body>")
                .append("<h1>Allow access to your Withings data?</h1><p>Requested: ")
                .append(HtmlUtils.htmlEscape(scope)).append("</p><ul>");
        for (long userId : store.userIds()) {
            String allow = UriComponentsBuilder.fromPath("/oauth2_user/authorize2")
                    .queryParam("response_type", "code").queryParam("client_id", params.get("client_id"))
                    .queryParam("state", params.get("state")).queryParam("scope", scope)
                    .queryParam("redirect_uri", params.get("redirect_uri")).queryParam("sim_userid", userId)
                    .encode(StandardCharsets.UTF_8).build().toUriString();
            html.append("<li>User ").append(userId).append(" <a href=\"").append(HtmlUtils.htmlEscape(allow))
                    .append("\">Allow</a> <a href=\"").append(HtmlUtils.htmlEscape(allow + "&sim_decision=deny"))
                    .append("\">Deny</a></li>");
        }
        return html.append("</ul></body></html>").toString();
    }
}
