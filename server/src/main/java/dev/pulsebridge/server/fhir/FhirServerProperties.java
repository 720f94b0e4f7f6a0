package dev.pulsebridge.server.fhir;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the FHIR REST endpoint.
 *
 * @param publicBaseUrl   the base URL clients see (behind a proxy); empty means "derive it from the request"
 * @param defaultPageSize search page size when the client sends no {@code _count}
 * @param maxPageSize     upper bound on {@code _count}, protecting memory
 * @param maxRequestSize  upper bound on a request body (a transaction of a few thousand resources fits)
 * @param maxDepth        deepest nesting of a request body (JSON objects and arrays, XML elements)
 * @param maxElements     most values a request body may hold (JSON values, objects and arrays; XML elements
 *                        and attributes): bounds the heap one request's resources take
 * @param maxSearchParameters most query parameter values one request may combine
 */
@Validated
@ConfigurationProperties("pulsebridge.fhir")
public record FhirServerProperties(
        @DefaultValue("") String publicBaseUrl,
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("200") @Max(1000) int maxPageSize,
        @DefaultValue("16MB") DataSize maxRequestSize,
        @DefaultValue("100") @Min(10) int maxDepth,
        @DefaultValue("500000") @Min(1000) long maxElements,
        @DefaultValue("50") @Min(5) int maxSearchParameters) {
}
