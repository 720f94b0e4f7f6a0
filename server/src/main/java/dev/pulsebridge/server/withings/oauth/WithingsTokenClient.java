package dev.pulsebridge.server.withings.oauth;

import dev.pulsebridge.server.withings.WithingsHttp;
import dev.pulsebridge.server.withings.WithingsProperties;
import dev.pulsebridge.server.withings.WithingsStatus;
import dev.pulsebridge.server.withings.WithingsUnavailableException;
import dev.pulsebridge.server.withings.ratelimit.WithingsCallBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.AbstractRestClientOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Talks to Withings' token endpoint through Spring Security's OAuth2 client: a {@link ClientRegistration}
 * for Withings and Spring's RestClient token response clients, taught Withings' dialect
 * ({@code action=requesttoken}, the client secret in the form, the {@code {status, body}} envelope).
 */
@Component
public class WithingsTokenClient {

    public static final String REGISTRATION_ID = "withings";
    private static final String ACTION = "action";
    private static final String REQUEST_TOKEN = "requesttoken";

    private final WithingsCallBudget budget;
    private final ClientRegistration registration;
    private final RestClientAuthorizationCodeTokenResponseClient codeClient = new RestClientAuthorizationCodeTokenResponseClient();
    private final RestClientRefreshTokenTokenResponseClient refreshClient = new RestClientRefreshTokenTokenResponseClient();

    public WithingsTokenClient(WithingsProperties properties, WithingsCallBudget budget) {
        this.budget = budget;
        this.registration = properties.configured() ? registration(properties) : null;
        RestClient rest = restClient(properties);
        configure(codeClient, rest);
        configure(refreshClient, rest);
    }

    private ClientRegistration registration() {
        if (registration == null) {
            throw new IllegalStateException("Withings is not configured: set pulsebridge.withings.client-id and client-secret");
        }
        return registration;
    }

    /**
     * Trades the authorization code from the callback for tokens.
     *
     * @throws WithingsTokenRejectedException the code was refused (expired after 30 s, used, wrong redirect)
     * @throws WithingsUnavailableException   Withings did not answer properly
     */
    public IssuedTokens exchangeCode(String code, String state, String redirectUri) {
        ClientRegistration client = registration();
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(client.getProviderDetails().getAuthorizationUri())
                .clientId(client.getClientId())
                .redirectUri(redirectUri)
                .scopes(client.getScopes())
                .state(state)
                .build();
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
                .redirectUri(redirectUri)
                .state(state)
                .build();
        Instant before = Instant.now();
        // the patient is waiting and the code lapses in 30 s: this call may use the budget's sign-in reserve
        budget.takeForSignIn();
        return call(() -> codeClient.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(client,
                new OAuth2AuthorizationExchange(request, response))), before);
    }

    /** Uses a refresh token; Withings answers with a new access token and a new (rotated) refresh token. */
    public IssuedTokens refresh(String refreshToken) {
        ClientRegistration client = registration();
        Instant before = Instant.now();
        // Spring's request carries the current access token, which Withings' refresh does not need.
        OAuth2AccessToken unused = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "unused", before.minusSeconds(2),
                before.minusSeconds(1));
        budget.take();
        return call(() -> refreshClient.getTokenResponse(new OAuth2RefreshTokenGrantRequest(client, unused,
                new OAuth2RefreshToken(refreshToken, null))), before);
    }

    private IssuedTokens call(java.util.function.Supplier<OAuth2AccessTokenResponse> exchange, Instant before) {
        OAuth2AccessTokenResponse response;
        try {
            response = exchange.get();
        } catch (RuntimeException e) {
            throw classify(e);
        }
        Map<String, Object> extra = response.getAdditionalParameters();
        OAuth2AccessToken access = response.getAccessToken();
        Instant expires = access.getExpiresAt() != null ? access.getExpiresAt() : before.plusSeconds(10800);
        // Scopes granted may be fewer than asked for; Withings lists them comma-separated.
        List<String> scopes = new ArrayList<>();
        access.getScopes().forEach(s -> scopes.addAll(Arrays.asList(s.split(","))));
        scopes.removeIf(String::isBlank);
        if (response.getRefreshToken() == null) {
            throw new WithingsUnavailableException("Withings returned no refresh token", null);
        }
        return new IssuedTokens(String.valueOf(extra.get(WithingsEnvelopeConverter.USERID)), access.getTokenValue(),
                response.getRefreshToken().getTokenValue(), List.copyOf(new java.util.LinkedHashSet<>(scopes)),
                access.getIssuedAt() != null ? access.getIssuedAt() : before, expires);
    }

    /** Spring wraps our envelope failure several times; find it, or decide the failure was transport-level. */
    private static RuntimeException classify(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WithingsEnvelopeConverter.WithingsStatusException status) {
                if (WithingsStatus.rejectsRefresh(status.status)) {
                    return new WithingsTokenRejectedException(status.status, status.error);
                }
                return new WithingsUnavailableException("Withings answered status " + status.status + " ("
                        + status.error + ")", null);
            }
        }
        return new WithingsUnavailableException("Withings token endpoint unreachable or failing: "
                + rootMessage(failure), null);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static <T extends org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest>
            void configure(AbstractRestClientOAuth2AccessTokenResponseClient<T> client, RestClient rest) {
        client.setRestClient(rest);
        client.setParametersCustomizer(parameters -> parameters.set(ACTION, REQUEST_TOKEN));
    }

    private static RestClient restClient(WithingsProperties properties) {
        OAuth2AccessTokenResponseHttpMessageConverter tokenConverter = new OAuth2AccessTokenResponseHttpMessageConverter();
        tokenConverter.setAccessTokenResponseConverter(new WithingsEnvelopeConverter());
        return RestClient.builder()
                .requestFactory(WithingsHttp.requestFactory(properties))
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    converters.add(tokenConverter);
                })
                .build();
    }

    private static ClientRegistration registration(WithingsProperties properties) {
        return ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/withings/callback")
                .scope(new HashSet<>(properties.scopes()))
                .authorizationUri(properties.authorizeUrl().toString())
                .tokenUri(properties.tokenUrl().toString())
                .clientName("Withings")
                .build();
    }
}
