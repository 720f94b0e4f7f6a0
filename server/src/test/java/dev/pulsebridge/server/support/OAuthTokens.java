package dev.pulsebridge.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Tokens from the server's own authorization server, as a backend-services client gets them. */
public final class OAuthTokens {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private OAuthTokens() {
    }

    /** @return the whole token response (access_token, scope, expires_in ...); throws unless it is a 200 */
    public static JsonNode clientCredentials(String serverBase, String clientId, String secret, String scope) {
        HttpResponse<String> response = request(serverBase, clientId, secret, scope);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> request(String serverBase, String clientId, String secret, String scope) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(serverBase + "/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
