package dev.pulsebridge.server.security;

import dev.pulsebridge.server.security.SmartScope.Context;
import dev.pulsebridge.server.settings.ServerSettingStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The OAuth clients that may ask for tokens, from {@code pulsebridge.security.clients}. Backend services
 * (client credentials with {@code system/} scopes) are what the server issues tokens to so far. With no
 * client configured, the first start creates {@code pulsebridge-admin} with {@code system/*.cruds}: its
 * secret is printed once to the log and only a hash is kept, so a fresh install is usable and nobody's
 * data is open.
 */
final class OAuthClients {

    static final String ADMIN_CLIENT = "pulsebridge-admin";
    static final String ADMIN_SCOPES = "system/*.cruds";
    private static final String ADMIN_SECRET_SETTING = "oauth.admin-client-secret";

    private static final Logger log = LoggerFactory.getLogger(OAuthClients.class);

    private OAuthClients() {
    }

    static RegisteredClientRepository repository(SecurityProperties properties, ServerSettingStore settings,
            PasswordEncoder passwords) {
        List<SecurityProperties.Client> clients = new ArrayList<>(properties.clients());
        if (clients.isEmpty()) {
            clients.add(new SecurityProperties.Client(ADMIN_CLIENT, adminSecret(settings, passwords), ADMIN_SCOPES,
                    ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue()));
        }
        TokenSettings tokens = TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenLifetime())
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED).build();
        return new InMemoryRegisteredClientRepository(clients.stream().map(client -> registered(client, tokens)).toList());
    }

    private static RegisteredClient registered(SecurityProperties.Client client, TokenSettings tokens) {
        if (client.clientId() == null || client.clientId().isBlank()) {
            throw new IllegalStateException("pulsebridge.security.clients: every client needs a client-id");
        }
        if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue().equals(client.authMethod())) {
            throw new IllegalStateException("Client " + client.clientId() + ": auth-method " + client.authMethod()
                    + " is not served yet; use client_secret_basic");
        }
        if (client.clientSecret() == null || client.clientSecret().isBlank()) {
            throw new IllegalStateException("Client " + client.clientId() + " needs a client-secret ({bcrypt}... or {noop}...)");
        }
        SmartScopes scopes = SmartScopes.parse(client.scopes());
        if (scopes.resourceScopes().isEmpty() || scopes.resourceScopes().stream().anyMatch(s -> s.context() != Context.SYSTEM)) {
            throw new IllegalStateException("Client " + client.clientId() + ": backend clients are granted system/ scopes "
                    + "only (patient and user scopes need a signed-in user), got '" + client.scopes() + "'");
        }
        return RegisteredClient.withId(UUID.nameUUIDFromBytes(client.clientId().getBytes()).toString())
                .clientId(client.clientId())
                .clientSecret(client.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(set -> scopes.resourceScopes().forEach(scope -> set.add(scope.toString())))
                .tokenSettings(tokens)
                .build();
    }

    /** The admin client's secret hash, generating and printing the secret on the very first start. */
    private static String adminSecret(ServerSettingStore settings, PasswordEncoder passwords) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = passwords.encode(secret);
        String stored = settings.getOrCreate(ADMIN_SECRET_SETTING, () -> hash);
        if (stored.equals(hash)) {
            log.warn("No OAuth clients configured: created client '{}' with scope {} and secret {} (shown once, only "
                    + "its hash is kept). Get a token: curl -u {}:<secret> -d grant_type=client_credentials "
                    + "-d scope={} <base>/oauth2/token", ADMIN_CLIENT, ADMIN_SCOPES, secret, ADMIN_CLIENT, ADMIN_SCOPES);
        }
        return stored;
    }
}
