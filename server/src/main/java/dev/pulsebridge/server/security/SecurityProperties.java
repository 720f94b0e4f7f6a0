package dev.pulsebridge.server.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param clients             the OAuth clients allowed to ask for tokens; with none configured, a
 *                            {@code pulsebridge-admin} backend client is created on first start
 * @param accessTokenLifetime how long an access token works
 */
@ConfigurationProperties("pulsebridge.security")
public record SecurityProperties(@DefaultValue List<Client> clients, @DefaultValue("1h") Duration accessTokenLifetime) {

    /**
     * @param clientId     the client's id
     * @param clientSecret the secret in Spring's encoded form ({@code {bcrypt}...}, or {@code {noop}...} for
     *                     development); required for {@code client_secret_basic}
     * @param scopes       the most the client may be granted, space separated SMART scopes
     * @param authMethod   {@code client_secret_basic} (the only one served yet)
     */
    public record Client(String clientId, String clientSecret, String scopes,
            @DefaultValue("client_secret_basic") String authMethod) {

        @Override
        public String toString() {
            return "Client[" + clientId + ", scopes=" + scopes + ", " + authMethod + "]";
        }
    }
}
