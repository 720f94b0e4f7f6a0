package dev.pulsebridge.server.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Every OAuth client: those declared in configuration (fixed while the server runs) and those an admin
 * added at runtime ({@link ManagedPrincipals}), checked by the same rules. A configured client id cannot
 * be taken at runtime.
 */
final class ClientRegistry implements RegisteredClientRepository {

    private final Map<String, RegisteredClient> configuredById = new LinkedHashMap<>();
    private final Map<String, RegisteredClient> configuredByClientId = new LinkedHashMap<>();
    private final ManagedPrincipals managed;
    private final TokenSettings tokens;

    ClientRegistry(Iterable<RegisteredClient> configured, ManagedPrincipals managed, TokenSettings tokens) {
        configured.forEach(client -> {
            configuredById.put(client.getId(), client);
            configuredByClientId.put(client.getClientId(), client);
        });
        this.managed = managed;
        this.tokens = tokens;
    }

    /**
     * Spring Authorization Server saves a configured client when it upgrades the encoding of its secret
     * ({@code {noop}} to bcrypt) after a successful sign-in: kept for this run. Runtime clients are stored
     * through {@link ManagedPrincipals} only, already hashed.
     */
    @Override
    public void save(RegisteredClient registeredClient) {
        if (configuredById.containsKey(registeredClient.getId())) {
            configuredById.put(registeredClient.getId(), registeredClient);
            configuredByClientId.put(registeredClient.getClientId(), registeredClient);
        }
    }

    @Override
    public RegisteredClient findById(String id) {
        RegisteredClient configured = configuredById.get(id);
        return configured != null ? configured
                : managed.clientByRegisteredId(id).map(client -> OAuthClients.registered(client, tokens)).orElse(null);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        RegisteredClient configured = configuredByClientId.get(clientId);
        return configured != null ? configured
                : managed.client(clientId).map(client -> OAuthClients.registered(client, tokens)).orElse(null);
    }

    boolean isConfigured(String clientId) {
        return configuredByClientId.containsKey(clientId);
    }

    Iterable<RegisteredClient> configured() {
        return configuredById.values();
    }

    /** Checks a runtime client by the rules configured ones pass; throws IllegalStateException naming the problem. */
    RegisteredClient check(SecurityProperties.Client client) {
        return OAuthClients.registered(client, tokens);
    }

    Optional<SecurityProperties.Client> managedClient(String clientId) {
        return managed.client(clientId);
    }
}
