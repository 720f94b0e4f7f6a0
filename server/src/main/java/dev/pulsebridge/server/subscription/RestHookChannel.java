package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.hl7.fhir.r5.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * POSTs a notification Bundle to a rest-hook endpoint with the Subscription's parameters as headers.
 * Any 2xx answer counts as delivered, whatever its body (HAPI re-sends when the body is not a Bundle;
 * receivers rightly answer 200 with nothing or 204).
 */
@Component
class RestHookChannel {

    private final FhirContext fhirContext;
    private final EndpointPolicy endpoints;
    private final SubscriptionHeaderSeal headers;
    private final HttpClient http;

    RestHookChannel(FhirContext fhirContext, EndpointPolicy endpoints, SubscriptionHeaderSeal headers) {
        this.fhirContext = fhirContext;
        this.endpoints = endpoints;
        this.headers = headers;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @return empty when delivered, otherwise why not
     * @throws InvalidSubscriptionException when the endpoint now resolves to an address notifications may not go to
     */
    Optional<String> post(SubscriptionSpec spec, Bundle notification, Duration defaultTimeout) {
        endpoints.check(spec.endpoint());
        boolean xml = spec.contentType().equals("application/fhir+xml");
        IParser parser = xml ? fhirContext.newXmlParser() : fhirContext.newJsonParser();
        Duration timeout = spec.timeoutSeconds() > 0 ? Duration.ofSeconds(spec.timeoutSeconds()) : defaultTimeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(spec.endpoint()))
                .timeout(timeout)
                .header("Content-Type", spec.contentType() + "; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(parser.encodeResourceToString(notification)));
        try {
            spec.headers().forEach((name, value) -> request.header(name, headers.open(name, value)));
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300
                    ? Optional.empty()
                    : Optional.of("The endpoint answered HTTP " + status);
        } catch (IOException e) {
            return Optional.of("The endpoint could not be reached: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Delivery was interrupted");
        } catch (IllegalArgumentException e) {
            // e.g. a header the HTTP client refuses (Host, Connection ...)
            return Optional.of("The request could not be built: " + e.getMessage());
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
