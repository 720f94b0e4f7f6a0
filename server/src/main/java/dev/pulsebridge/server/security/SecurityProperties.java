package dev.pulsebridge.server.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param clients              the OAuth clients allowed to ask for tokens; with none configured, a
 *                             {@code pulsebridge-admin} backend client is created on first start
 * @param users                the people who sign in at {@code /login}; with none configured, an
 *                             {@code admin} user is created on first start
 * @param accessTokenLifetime  how long an access token works
 * @param refreshTokenLifetime how long an {@code offline_access} refresh token works (each use rotates it);
 *                             an {@code online_access} one lives as long as an access token would be
 *                             renewed within a sign-in, capped by the same lifetime
 * @param launchLifetime       how long an EHR launch id or a patient picked for a launch stays usable
 * @param dashboardRedirectUris where the built-in dashboard app may be served from besides this machine
 *                             ({@code https://host/dashboard/index.html} behind a proxy)
 */
@ConfigurationProperties("pulsebridge.security")
public record SecurityProperties(@DefaultValue List<Client> clients, @DefaultValue List<User> users,
        @DefaultValue("1h") Duration accessTokenLifetime, @DefaultValue("90d") Duration refreshTokenLifetime,
        @DefaultValue("10m") Duration launchLifetime, @DefaultValue List<String> dashboardRedirectUris) {

    /**
     * @param clientId     the client's id
     * @param clientSecret the secret in Spring's encoded form ({@code {bcrypt}...}, or {@code {noop}...} for
     *                     development); required for {@code client_secret_basic}
     * @param redirectUris where the authorization code may be sent (apps that sign people in); none for
     *                     backend services
     * @param scopes       the most the client may be granted, space separated SMART scopes
     * @param jwks         the client's public keys as an inline JWK Set ({@code private_key_jwt})
     * @param jwksUri      where the client publishes its public keys ({@code private_key_jwt})
     * @param authMethod   {@code none} (public app, PKCE only), {@code client_secret_basic} or
     *                     {@code private_key_jwt}
     * @param launch       {@code standalone}, {@code ehr} or {@code both}: how an app may be launched
     * @param consent      {@code required} shows the consent page on every authorization, {@code trusted}
     *                     skips it (a patient is still picked when one is needed)
     */
    public record Client(String clientId, String clientSecret, @DefaultValue List<String> redirectUris, String scopes,
            String jwks, String jwksUri, @DefaultValue("client_secret_basic") String authMethod,
            @DefaultValue("both") String launch, @DefaultValue("required") String consent) {

        @Override
        public String toString() {
            return "Client[" + clientId + ", scopes=" + scopes + ", " + authMethod + "]";
        }
    }

    /**
     * @param username the name typed at the login form
     * @param password Spring's encoded form: {@code {bcrypt}...}, or {@code {noop}...} for development
     * @param fhirUser who the person is in FHIR: {@code Patient/x} or {@code Practitioner/y}
     * @param roles    any of {@code patient}, {@code clinician}, {@code admin}
     */
    public record User(String username, String password, String fhirUser, @DefaultValue List<String> roles) {

        @Override
        public String toString() {
            return "User[" + username + ", " + fhirUser + ", roles=" + roles + "]";
        }
    }
}
