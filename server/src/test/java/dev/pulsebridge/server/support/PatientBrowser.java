package dev.pulsebridge.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What a patient's browser does with a link: follows redirects one hop at a time so tests can look at
 * each one (our link, Withings' consent, our callback).
 */
public final class PatientBrowser {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    public HttpResponse<String> head(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no redirect; status " + response.statusCode()));
    }

    /**
     * Opens the link, lets the simulated user {@code withingsUserId} answer at the consent page
     * ({@code allow} or {@code deny}), and returns the callback URL the browser is sent back to.
     */
    public String consent(String linkUrl, long withingsUserId, boolean allow) {
        String consentPage = location(get(linkUrl));
        String decided = consentPage + "&sim_userid=" + withingsUserId + (allow ? "" : "&sim_decision=deny");
        return location(get(decided));
    }

    /** The whole flow with consent given; returns the page our callback shows. */
    public HttpResponse<String> link(String linkUrl, long withingsUserId) {
        return get(consent(linkUrl, withingsUserId, true));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
