package dev.pulsebridge.server.withings.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.withings.WithingsApiException;
import dev.pulsebridge.mapping.withings.WithingsPayloads;
import dev.pulsebridge.server.withings.WithingsHttp;
import dev.pulsebridge.server.withings.WithingsProperties;
import dev.pulsebridge.server.withings.WithingsStatus;
import dev.pulsebridge.server.withings.WithingsUnavailableException;
import dev.pulsebridge.server.withings.account.AccessTokens;
import dev.pulsebridge.server.withings.account.AccountNotConnectedException;
import dev.pulsebridge.server.withings.account.AccountStatus;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import dev.pulsebridge.server.withings.ratelimit.WithingsCallBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls a Withings data endpoint on behalf of a linked account and returns the envelope's body.
 * Tokens come from {@link AccessTokens}; a 401 envelope gets one refresh and one retry, and a 401 on a
 * freshly refreshed token means the grant is gone, so the account is marked disconnected. Every call
 * draws from the shared {@link WithingsCallBudget}; a 601 answer pauses the budget for everyone.
 */
@Component
public class WithingsApiClient {

    /** Withings' window for identical requests, plus a margin for clock differences. */
    static final long REPEAT_GAP_MILLIS = 10_500;

    private final RestClient rest;
    private final AccessTokens tokens;
    private final WithingsAccounts accounts;
    private final MeterRegistry meters;
    private final WithingsCallBudget budget;
    private final Map<String, Long> recentRequests = new ConcurrentHashMap<>();

    WithingsApiClient(WithingsProperties properties, AccessTokens tokens, WithingsAccounts accounts, MeterRegistry meters,
            WithingsCallBudget budget) {
        this.rest = RestClient.builder()
                .baseUrl(properties.apiBaseUrl().toString())
                .requestFactory(WithingsHttp.requestFactory(properties))
                .build();
        this.tokens = tokens;
        this.accounts = accounts;
        this.meters = meters;
        this.budget = budget;
    }

    /**
     * @param path   e.g. {@code /measure} or {@code /v2/sleep}
     * @param action the Withings action, e.g. {@code getmeas}
     * @param params the other form parameters
     * @return the envelope's {@code body}
     * @throws AccountNotConnectedException the account has no usable grant (now or any more)
     * @throws WithingsUnavailableException transport failure or 5xx; retry later
     * @throws WithingsApiException         any other non-zero envelope status (601 included)
     * @throws RepeatedRequestException    the same request went out less than 10 s ago; nothing was sent
     */
    public JsonNode call(long accountId, String path, String action, Map<String, String> params) {
        String token = tokens.current(accountId);
        String signature = accountId + " " + path + " " + action + " " + new TreeMap<>(params);
        notARepeat(signature);
        JsonNode envelope = post(path, action, params, token);
        recentRequests.put(signature, System.currentTimeMillis());
        if (status(envelope) == WithingsStatus.INVALID_TOKEN) {
            token = tokens.replaceRejected(accountId, token);
            envelope = post(path, action, params, token);
            if (status(envelope) == WithingsStatus.INVALID_TOKEN) {
                String reason = "Withings rejected a freshly refreshed access token (status 401): the grant was "
                        + "withdrawn. The patient must reconnect with a new $withings-connect link.";
                accounts.markDisconnected(accountId, reason);
                throw new AccountNotConnectedException(accountId, AccountStatus.DISCONNECTED, reason);
            }
        }
        if (status(envelope) == WithingsStatus.TOO_MANY_REQUESTS) {
            JsonNode wait = envelope.path("body").path("wait_seconds");
            budget.pause(wait.canConvertToLong() ? wait.asLong() : null);
        }
        return WithingsPayloads.body(envelope);
    }

    /**
     * Withings answers a request identical to one made within 10 s with status 601, and a 601 pauses every
     * caller of this server; so the repeat is not sent and the caller decides how to wait.
     */
    private void notARepeat(String signature) {
        long now = System.currentTimeMillis();
        Long previous = recentRequests.get(signature);
        if (previous != null && now - previous < REPEAT_GAP_MILLIS) {
            throw new RepeatedRequestException(signature, Duration.ofMillis(previous + REPEAT_GAP_MILLIS - now));
        }
        if (recentRequests.size() > 10_000) {
            recentRequests.values().removeIf(at -> now - at >= REPEAT_GAP_MILLIS);
        }
    }

    private JsonNode post(String path, String action, Map<String, String> params, String accessToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("action", action);
        params.forEach(form::add);
        budget.take();
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            String body = rest.post().uri(path)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(form)
                    .retrieve()
                    .body(String.class);
            JsonNode envelope = WithingsPayloads.parse(body == null ? "" : body);
            outcome = Integer.toString(status(envelope));
            return envelope;
        } catch (RestClientException e) {
            throw new WithingsUnavailableException("Withings " + path + " " + action + " failed: " + e.getMessage(), e);
        } catch (WithingsApiException e) {
            throw new WithingsUnavailableException("Withings " + path + " " + action + " answered no envelope", e);
        } finally {
            sample.stop(meters.timer("pulsebridge.withings.api.calls", "action", action, "status", outcome));
        }
    }

    private static int status(JsonNode envelope) {
        return envelope.path("status").asInt(-1);
    }
}
