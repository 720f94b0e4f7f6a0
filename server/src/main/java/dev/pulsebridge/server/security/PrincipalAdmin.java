package dev.pulsebridge.server.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runtime management of users and OAuth clients by an admin: {@code /admin/users/{username}} and
 * {@code /admin/clients/{clientId}}, list (GET), add or replace (PUT, JSON with the configuration's
 * fields), remove (DELETE). The same rules as configuration apply; passwords and secrets are stored as
 * bcrypt hashes and never returned. Removing a user or client ends everything issued to them at once.
 * Those declared in configuration are listed but changed only there.
 */
@RestController
class PrincipalAdmin {

    static final String PATH = "/admin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@\\-]{1,64}");

    /** A user as an admin sends it; {@code password} in plain text, hashed before it is stored. */
    record UserRequest(String password, String fhirUser, List<String> roles) {
    }

    /** A client as an admin sends it; {@code clientSecret} in plain text, hashed before it is stored. */
    record ClientRequest(String clientSecret, List<String> redirectUris, String scopes, String jwks, String jwksUri,
            String authMethod, String launch, String consent) {
    }

    private final UserDirectory users;
    private final ClientRegistry clients;
    private final ManagedPrincipals managed;
    private final AuthorizationStore authorizations;
    private final PasswordEncoder passwords;
    private final ClientAssertionKeys assertionKeys;
    private final SubscriptionOwners subscriptionOwners;

    PrincipalAdmin(UserDirectory users, ClientRegistry clients, ManagedPrincipals managed, AuthorizationStore authorizations,
            PasswordEncoder passwords, ClientAssertionKeys assertionKeys, SubscriptionOwners subscriptionOwners) {
        this.assertionKeys = assertionKeys;
        this.subscriptionOwners = subscriptionOwners;
        this.users = users;
        this.clients = clients;
        this.managed = managed;
        this.authorizations = authorizations;
        this.passwords = passwords;
    }

    @GetMapping(value = PATH + "/users", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> users() {
        List<Map<String, Object>> listed = new ArrayList<>();
        users.configured().forEach(account -> listed.add(user(account.username(), account.fhirUser().orElse(null),
                account.roles().stream().map(UserDirectory.Role::code).sorted().toList(), "configuration")));
        managed.users().forEach(user -> listed.add(user(user.username(), user.fhirUser(), user.roles(), "runtime")));
        return listed;
    }

    @PutMapping(value = PATH + "/users/{username}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> putUser(@PathVariable String username, @RequestBody UserRequest request) {
        if (!NAME.matcher(username).matches()) {
            return refuse(HttpStatus.BAD_REQUEST, "username: 1-64 letters, digits, . _ @ -");
        }
        if (users.isConfigured(username)) {
            return refuse(HttpStatus.CONFLICT, username + " is declared in configuration; change it there");
        }
        if (request == null || request.password() == null || request.password().length() < 12) {
            return refuse(HttpStatus.BAD_REQUEST, "password: at least 12 characters");
        }
        SecurityProperties.User user = new SecurityProperties.User(username, passwords.encode(request.password()),
                request.fhirUser(), request.roles() == null ? List.of() : request.roles());
        try {
            UserDirectory.account(user);
        } catch (IllegalStateException invalid) {
            return refuse(HttpStatus.BAD_REQUEST, invalid.getMessage());
        }
        boolean existed = managed.user(username).isPresent();
        managed.putUser(user);
        if (existed) {
            authorizations.removeAllOfPrincipal(username); // new password or roles: sign in again
            subscriptionOwners.suspendAllOfUser(username);
        }
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED)
                .body(user(username, user.fhirUser(), user.roles(), "runtime"));
    }

    @DeleteMapping(PATH + "/users/{username}")
    ResponseEntity<Map<String, Object>> deleteUser(@PathVariable String username) {
        if (users.isConfigured(username)) {
            return refuse(HttpStatus.CONFLICT, username + " is declared in configuration; remove it there");
        }
        if (!managed.removeUser(username)) {
            return refuse(HttpStatus.NOT_FOUND, "No user " + username);
        }
        authorizations.removeAllOfPrincipal(username);
        subscriptionOwners.suspendAllOfUser(username);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = PATH + "/clients", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> clients() {
        List<Map<String, Object>> listed = new ArrayList<>();
        clients.configured().forEach(client -> listed.add(client(client.getClientId(), String.join(" ", client.getScopes()),
                client.getClientAuthenticationMethods().iterator().next().getValue(), List.copyOf(client.getRedirectUris()),
                "configuration")));
        managed.clients().forEach(client -> listed.add(client(client.clientId(), client.scopes(), client.authMethod(),
                client.redirectUris(), "runtime")));
        return listed;
    }

    @PutMapping(value = PATH + "/clients/{clientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> putClient(@PathVariable String clientId, @RequestBody ClientRequest request) {
        if (!NAME.matcher(clientId).matches()) {
            return refuse(HttpStatus.BAD_REQUEST, "client id: 1-64 letters, digits, . _ @ -");
        }
        if (clients.isConfigured(clientId)) {
            return refuse(HttpStatus.CONFLICT, clientId + " is declared in configuration; change it there");
        }
        if (request == null) {
            return refuse(HttpStatus.BAD_REQUEST, "a JSON body with the client's fields is required");
        }
        String secret = request.clientSecret() == null || request.clientSecret().isBlank() ? null : request.clientSecret();
        if (secret != null && secret.length() < 24) {
            return refuse(HttpStatus.BAD_REQUEST, "clientSecret: at least 24 characters");
        }
        SecurityProperties.Client client = new SecurityProperties.Client(clientId,
                secret == null ? null : passwords.encode(secret),
                request.redirectUris() == null ? List.of() : request.redirectUris(), request.scopes(), request.jwks(),
                request.jwksUri(), Optional.ofNullable(request.authMethod()).orElse("client_secret_basic"),
                Optional.ofNullable(request.launch()).orElse("both"), Optional.ofNullable(request.consent()).orElse("required"));
        String registeredId;
        try {
            registeredId = clients.check(client).getId();
        } catch (IllegalStateException | IllegalArgumentException invalid) {
            return refuse(HttpStatus.BAD_REQUEST, invalid.getMessage());
        }
        boolean existed = managed.client(clientId).isPresent();
        managed.putClient(registeredId, client);
        assertionKeys.forget(clientId);
        if (existed) {
            authorizations.removeAllOfClient(registeredId); // new secret, keys or scopes: what was issued ends
            subscriptionOwners.suspendAllOfClient(clientId);
        }
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED)
                .body(client(clientId, client.scopes(), client.authMethod(), client.redirectUris(), "runtime"));
    }

    @DeleteMapping(PATH + "/clients/{clientId}")
    ResponseEntity<Map<String, Object>> deleteClient(@PathVariable String clientId) {
        if (clients.isConfigured(clientId)) {
            return refuse(HttpStatus.CONFLICT, clientId + " is declared in configuration; remove it there");
        }
        Optional<String> registeredId = Optional.ofNullable(clients.findByClientId(clientId))
                .map(org.springframework.security.oauth2.server.authorization.client.RegisteredClient::getId);
        if (!managed.removeClient(clientId)) {
            return refuse(HttpStatus.NOT_FOUND, "No client " + clientId);
        }
        registeredId.ifPresent(authorizations::removeAllOfClient);
        subscriptionOwners.suspendAllOfClient(clientId);
        assertionKeys.forget(clientId);
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> user(String username, String fhirUser, List<String> roles, String source) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("fhirUser", fhirUser);
        user.put("roles", roles);
        user.put("source", source);
        return user;
    }

    private static Map<String, Object> client(String clientId, String scopes, String authMethod, List<String> redirectUris,
            String source) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("scopes", scopes);
        client.put("authMethod", authMethod);
        client.put("redirectUris", redirectUris);
        client.put("source", source);
        return client;
    }

    private static ResponseEntity<Map<String, Object>> refuse(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("error", reason));
    }
}
