package dev.pulsebridge.server.withings;

import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Pulsebridge reaches Withings. The defaults are the real Withings hosts; the {@code demo} profile
 * points them at the local simulator.
 *
 * @param clientId         the app's client id from the Withings developer dashboard; empty disables linking
 * @param clientSecret     its secret
 * @param authorizeUrl     the consent page patients are sent to
 * @param apiBaseUrl       base of the data and token endpoints ({@code /v2/oauth2}, {@code /measure}, ...)
 * @param scopes           scopes requested at consent, sent comma-separated as Withings requires
 * @param linkValidity     how long a link from {@code $withings-connect} can be opened
 * @param connectTimeout   TCP connect timeout for Withings calls
 * @param readTimeout      response timeout for Withings calls
 * @param refreshAttempts  tries for a token refresh that fails transiently (5xx, timeout, 522)
 * @param refreshBackoff   wait before the second try; doubles each time, with jitter
 * @param callsPerMinute   the app's Withings budget over any 60 s, shared by all instances (token calls count)
 * @param maxBudgetWait    how long a call waits for room in the budget before giving up (transiently)
 * @param signInReserve    calls of every minute's budget that background sync leaves free for patients
 *                         signing in (the code exchange must happen within Withings' 30 s)
 */
@Validated
@ConfigurationProperties("pulsebridge.withings")
public record WithingsProperties(
        @DefaultValue("") String clientId,
        @DefaultValue("") String clientSecret,
        @DefaultValue("https://account.withings.com/oauth2_user/authorize2") URI authorizeUrl,
        @DefaultValue("https://wbsapi.withings.net") URI apiBaseUrl,
        @DefaultValue({"user.info", "user.metrics", "user.activity", "user.sleepevents"}) List<String> scopes,
        @DefaultValue("30m") Duration linkValidity,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("3") @Min(1) int refreshAttempts,
        @DefaultValue("500ms") Duration refreshBackoff,
        @DefaultValue("120") @Min(1) int callsPerMinute,
        @DefaultValue("2m") Duration maxBudgetWait,
        @DefaultValue("10") @Min(0) int signInReserve) {

    public boolean configured() {
        return !clientId.isBlank() && !clientSecret.isBlank();
    }

    /** Withings wants {@code user.info,user.metrics}; a space-separated list is a different, rejected string. */
    public String scopeParameter() {
        return String.join(",", scopes);
    }

    public URI tokenUrl() {
        return apiBaseUrl.resolve("/v2/oauth2");
    }

    @Override
    public String toString() {
        return "WithingsProperties[clientId=" + clientId + ", clientSecret=<hidden>, authorizeUrl=" + authorizeUrl
                + ", apiBaseUrl=" + apiBaseUrl + ", scopes=" + scopes + "]";
    }
}
