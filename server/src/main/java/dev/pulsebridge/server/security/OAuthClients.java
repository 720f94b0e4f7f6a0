package dev.pulsebridge.server.security;

import dev.pulsebridge.server.security.SmartScope.Context;
import dev.pulsebridge.server.settings.ServerSettingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The OAuth clients that may ask for tokens, from {@code pulsebridge.security.clients}: apps that sign
 * people in (authorization code with PKCE S256, always; refresh tokens when {@code offline_access} or
 * {@code online_access} is granted) and backend services (client credentials with {@code system/}
 * scopes). A client authenticates with nothing but PKCE ({@code none}, a public app in a browser or on a
 * phone), a secret ({@code client_secret_basic}) or a signed assertion ({@code private_key_jwt}, keys
 * inline or by URL). With no client configured, the first start creates {@code pulsebridge-admin} with
 * {@code system/*.cruds}: its secret is printed once to the log and only a hash is kept, so a fresh
 * install is usable and nobody's data is open.
 */
final class OAuthClients {

    static final String ADMIN_CLIENT = "pulsebridge-admin";
    static final String ADMIN_SCOPES = "system/*.cruds";
    /** The clinician dashboard served at /dashboard: a public SMART app of this server's own. */
    static final String DASHBOARD_CLIENT = "pulsebridge-dashboard";
    static final String DASHBOARD_SCOPES = "openid fhirUser user/*.rs user/Patient.u user/Subscription.cruds";
    static final String DASHBOARD_PAGE = "/dashboard/index.html";
    /** Client setting: how the app may be launched ({@code standalone}, {@code ehr}, {@code both}). */
    static final String LAUNCH_SETTING = "pulsebridge.launch";
    /** Client setting: the client's public keys, a JWK Set in JSON, for {@code private_key_jwt}. */
    static final String JWKS_SETTING = "pulsebridge.jwks";
    private static final String ADMIN_SECRET_SETTING = "oauth.admin-client-secret";
    private static final java.util.Set<String> LAUNCH_MODES = java.util.Set.of("standalone", "ehr", "both");

    private static final Logger log = LoggerFactory.getLogger(OAuthClients.class);

    private OAuthClients() {
    }

    static ClientRegistry repository(SecurityProperties properties, ServerSettingStore settings,
            PasswordEncoder passwords, ManagedPrincipals managed, int serverPort) {
        List<SecurityProperties.Client> clients = new ArrayList<>(properties.clients());
        if (clients.isEmpty()) {
            clients.add(new SecurityProperties.Client(ADMIN_CLIENT, adminSecret(settings, passwords), List.of(), ADMIN_SCOPES,
                    null, null, ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(), "both", "required"));
        }
        if (clients.stream().noneMatch(client -> DASHBOARD_CLIENT.equals(client.clientId()))) {
            clients.add(dashboard(properties, serverPort));
        }
        TokenSettings tokens = TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenLifetime())
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .refreshTokenTimeToLive(properties.refreshTokenLifetime())
                .reuseRefreshTokens(false)
                .authorizationCodeTimeToLive(java.time.Duration.ofMinutes(2))
                .build();
        java.util.Set<String> ids = new java.util.HashSet<>();
        clients.forEach(client -> {
            if (client.clientId() != null && !ids.add(client.clientId())) {
                throw new IllegalStateException("pulsebridge.security.clients: '" + client.clientId() + "' is declared twice");
            }
        });
        return new ClientRegistry(clients.stream().map(client -> registered(client, tokens)).toList(), managed, tokens);
    }

    /**
     * Served by this server: from 127.0.0.1 on any port (a loopback redirect matches whatever the port),
     * from localhost on this server's port, and from the addresses configured for a proxy. First-party, so
     * no consent page; it reads what the signed-in clinician may read, and may link a patient to Withings.
     */
    private static SecurityProperties.Client dashboard(SecurityProperties properties, int serverPort) {
        List<String> redirects = new ArrayList<>(List.of("http://127.0.0.1" + DASHBOARD_PAGE));
        if (serverPort > 0) {
            redirects.add("http://localhost:" + serverPort + DASHBOARD_PAGE);
        }
        redirects.addAll(properties.dashboardRedirectUris());
        return new SecurityProperties.Client(DASHBOARD_CLIENT, null, redirects, DASHBOARD_SCOPES, null, null,
                ClientAuthenticationMethod.NONE.getValue(), "standalone", "trusted");
    }

    static RegisteredClient registered(SecurityProperties.Client client, TokenSettings tokens) {
        if (client.clientId() == null || client.clientId().isBlank()) {
            throw new IllegalStateException("pulsebridge.security.clients: every client needs a client-id");
        }
        String name = "Client " + client.clientId() + ": ";
        SmartScopes scopes;
        try {
            scopes = SmartScopes.parse(client.scopes());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + e.getMessage());
        }
        if (scopes.resourceScopes().isEmpty()) {
            throw new IllegalStateException(name + "scopes must name at least one resource scope, got '" + client.scopes() + "'");
        }
        if (!LAUNCH_MODES.contains(client.launch())) {
            throw new IllegalStateException(name + "launch must be standalone, ehr or both, got '" + client.launch() + "'");
        }
        if (!client.consent().equals("required") && !client.consent().equals("trusted")) {
            throw new IllegalStateException(name + "consent must be required or trusted, got '" + client.consent() + "'");
        }
        boolean signsPeopleIn = !client.redirectUris().isEmpty();
        boolean backend = scopes.resourceScopes().stream().anyMatch(scope -> scope.context() == Context.SYSTEM);
        if (backend && scopes.resourceScopes().stream().anyMatch(scope -> scope.context() != Context.SYSTEM) ) {
            throw new IllegalStateException(name + "mixes system/ scopes with patient/ or user/ ones; declare the backend "
                    + "service and the app as two clients");
        }
        if (!backend && !signsPeopleIn) {
            throw new IllegalStateException(name + "patient/ and user/ scopes need a signed-in user: give the client "
                    + "redirect-uris (or system/ scopes for a backend service)");
        }
        RegisteredClient.Builder builder = RegisteredClient.withId(UUID.nameUUIDFromBytes(client.clientId().getBytes()).toString())
                .clientId(client.clientId())
                .scopes(set -> {
                    scopes.resourceScopes().forEach(scope -> set.add(scope.toString()));
                    if (signsPeopleIn) {
                        set.addAll(SmartScopes.NON_RESOURCE);
                    }
                })
                .tokenSettings(tokens);
        ClientSettings.Builder settings = ClientSettings.builder().requireProofKey(signsPeopleIn)
                .requireAuthorizationConsent(client.consent().equals("required"))
                .setting(LAUNCH_SETTING, client.launch());
        switch (client.authMethod()) {
            case "none" -> {
                if (backend) {
                    throw new IllegalStateException(name + "a backend service must authenticate (client_secret_basic or "
                            + "private_key_jwt), not none");
                }
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            }
            case "client_secret_basic" -> {
                if (client.clientSecret() == null || client.clientSecret().isBlank()) {
                    throw new IllegalStateException(name + "needs a client-secret ({bcrypt}... or {noop}...)");
                }
                builder.clientSecret(client.clientSecret()).clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
            }
            case "private_key_jwt" -> {
                boolean inline = client.jwks() != null && !client.jwks().isBlank();
                boolean byUrl = client.jwksUri() != null && !client.jwksUri().isBlank();
                if (inline == byUrl) {
                    throw new IllegalStateException(name + "private_key_jwt needs exactly one of jwks (inline JSON) or jwks-uri");
                }
                if (inline) {
                    settings.setting(JWKS_SETTING, ClientAssertionKeys.checkedJwks(name, client.jwks()));
                } else {
                    settings.jwkSetUrl(client.jwksUri());
                }
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
            }
            default -> throw new IllegalStateException(name + "auth-method must be none, client_secret_basic or "
                    + "private_key_jwt, got '" + client.authMethod() + "'");
        }
        if (signsPeopleIn) {
            client.redirectUris().forEach(builder::redirectUri);
            builder.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
        }
        if (backend) {
            builder.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
        }
        return builder.clientSettings(settings.build()).build();
    }

    /** How the client may be launched: standalone, ehr or both. */
    static String launchMode(RegisteredClient client) {
        Object mode = client.getClientSettings().getSetting(LAUNCH_SETTING);
        return mode == null ? "both" : mode.toString();
    }

    /** The admin client's secret hash, generating and printing the secret on the very first start. */
    private static String adminSecret(ServerSettingStore settings, PasswordEncoder passwords) {
        return FirstStartSecret.hash(settings, ADMIN_SECRET_SETTING, passwords, secret -> log.warn("No OAuth clients "
                + "configured: created client '{}' with scope {} and secret {} (shown once, only its hash is kept). Get a "
                + "token: curl -u {}:<secret> -d grant_type=client_credentials -d scope={} <base>/oauth2/token",
                ADMIN_CLIENT, ADMIN_SCOPES, secret, ADMIN_CLIENT, ADMIN_SCOPES));
    }
}
