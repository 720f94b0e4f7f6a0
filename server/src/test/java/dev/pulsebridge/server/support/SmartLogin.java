package dev.pulsebridge.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person at a browser going through SMART App Launch over real HTTP: the app's authorization request
 * (with PKCE S256), the login form, the consent page, and the app's code exchange. Keeps cookies like a
 * browser and follows no redirect by itself, so each step can be looked at.
 */
public final class SmartLogin {

    /** What the consent page offers: the scopes asked for, the patients to pick from, its state. */
    public record ConsentForm(String state, List<String> scopes, List<String> patients, String html) {
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");
    private static final Pattern SCOPE = Pattern.compile("name=\"scope\" checked value=\"([^\"]+)\"");
    private static final Pattern PATIENT = Pattern.compile("name=\"patient\" required value=\"([^\"]+)\"");

    private final String serverBase;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String verifier;
    private final ObjectMapper json = new ObjectMapper();

    public SmartLogin(String serverBase) {
        this.serverBase = serverBase;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The authorization request an app would send, with PKCE S256 and {@code aud}, plus {@code extra}. */
    public String authorizeUrl(String clientId, String redirectUri, String scope, Map<String, String> extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", scope);
        parameters.put("state", "app-state-123");
        parameters.put("aud", serverBase + "/fhir");
        parameters.put("code_challenge", challenge());
        parameters.put("code_challenge_method", "S256");
        parameters.putAll(extra);
        parameters.values().removeIf(value -> value == null);
        return serverBase + "/oauth2/authorize?" + form(parameters);
    }

    /**
     * Opens the URL, signs in on the login form and follows the server back to the authorization
     * endpoint; returns where the server sends the browser then (the consent page or the app).
     */
    public URI signIn(String authorizeUrl, String username, String password) {
        HttpResponse<String> first = get(authorizeUrl);
        if (first.statusCode() != 302 || !location(first).getPath().equals("/login")) {
            throw new IllegalStateException("expected the login form, got " + first.statusCode() + " " + first.headers().map()
                    + " " + first.body());
        }
        HttpResponse<String> loginPage = get(location(first).toString());
        Matcher csrf = CSRF.matcher(loginPage.body());
        if (!csrf.find()) {
            throw new IllegalStateException("the login form has no CSRF token: " + loginPage.body());
        }
        HttpResponse<String> login = post(serverBase + "/login", Map.of("username", username, "password", password,
                "_csrf", csrf.group(1)), null);
        if (login.statusCode() != 302 || location(login).getPath().equals("/login")) {
            throw new IllegalStateException("sign-in failed: " + login.statusCode() + " " + login.headers().map());
        }
        return location(get(location(login).toString()));
    }

    /** Posts the login form once; returns where the server sends the browser ({@code /login?error} on failure). */
    public URI tryLogin(String username, String password) {
        HttpResponse<String> loginPage = get(serverBase + "/login");
        Matcher csrf = CSRF.matcher(loginPage.body());
        if (!csrf.find()) {
            throw new IllegalStateException("the login form has no CSRF token: " + loginPage.body());
        }
        return location(post(serverBase + "/login", Map.of("username", username, "password", password, "_csrf", csrf.group(1)),
                null));
    }

    /** Opens a URL as the signed-in browser. */
    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build());
    }

    public ConsentForm consentPage(URI consentUri) {
        HttpResponse<String> page = get(consentUri.toString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException("consent page answered " + page.statusCode() + ": " + page.body());
        }
        Matcher state = STATE.matcher(page.body());
        if (!state.find()) {
            throw new IllegalStateException("no state on the consent page: " + page.body());
        }
        return new ConsentForm(state.group(1), all(SCOPE, page.body()), all(PATIENT, page.body()), page.body());
    }

    /** Submits the consent form with these scopes ticked and this patient picked (null for none). */
    public URI consent(String clientId, ConsentForm form, List<String> scopes, String patient) {
        StringBuilder body = new StringBuilder("client_id=" + encode(clientId) + "&state=" + encode(form.state()));
        scopes.forEach(scope -> body.append("&scope=").append(encode(scope)));
        if (patient != null) {
            body.append("&patient=").append(encode(patient));
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(serverBase + "/oauth2/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (response.statusCode() != 302) {
            throw new IllegalStateException("consent answered " + response.statusCode() + ": " + response.body());
        }
        return location(response);
    }

    /** The app's token request for the code in {@code redirect}; {@code secret} null for a public app. */
    public HttpResponse<String> exchange(URI redirect, String clientId, String secret, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", query(redirect).get("code"));
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        if (secret == null) {
            form.put("client_id", clientId);
        }
        return post(serverBase + "/oauth2/token", form, secret == null ? null : basic(clientId, secret));
    }

    /** The token response of a successful exchange. */
    public JsonNode token(URI redirect, String clientId, String secret, String redirectUri) {
        HttpResponse<String> response = exchange(redirect, clientId, secret, redirectUri);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token exchange answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    public HttpResponse<String> refresh(String refreshToken, String clientId, String secret) {
        return post(serverBase + "/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                basic(clientId, secret));
    }

    public HttpResponse<String> post(String url, Map<String, String> form, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return values;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    public static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String challenge() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no redirect: " + response.statusCode() + " " + response.body()));
        return URI.create(serverBase).resolve(location);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> all(Pattern pattern, String html) {
        List<String> values = new ArrayList<>();
        Matcher matcher = pattern.matcher(html);
        while (matcher.find()) {
            values.add(matcher.group(1).replace("&#47;", "/"));
        }
        return values;
    }

    private static String form(Map<String, String> parameters) {
        StringBuilder form = new StringBuilder();
        parameters.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&").append(encode(name)).append('=')
                .append(encode(value)));
        return form.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
