package dev.pulsebridge.server.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code managed_user} and {@code managed_client}: the users and clients an admin added at runtime,
 * beside those declared in configuration. Secrets arrive here already hashed.
 */
final class ManagedPrincipals {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    ManagedPrincipals(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<SecurityProperties.User> user(String username) {
        return jdbc.sql("select username, password_hash, fhir_user, roles from managed_user where username = ?").param(username)
                .query((rs, row) -> new SecurityProperties.User(rs.getString("username"), rs.getString("password_hash"),
                        rs.getString("fhir_user"), Arrays.asList(rs.getString("roles").split(","))))
                .optional();
    }

    List<SecurityProperties.User> users() {
        return jdbc.sql("select username from managed_user order by username").query(String.class).list().stream()
                .map(this::user).flatMap(Optional::stream).toList();
    }

    void putUser(SecurityProperties.User user) {
        jdbc.sql("""
                insert into managed_user (username, password_hash, fhir_user, roles, changed_at) values (?, ?, ?, ?, ?)
                on conflict (username) do update set password_hash = excluded.password_hash, fhir_user = excluded.fhir_user,
                    roles = excluded.roles, changed_at = excluded.changed_at""")
                .params(user.username(), user.password(), user.fhirUser(), String.join(",", user.roles()),
                        Timestamp.from(clock.instant()))
                .update();
    }

    boolean removeUser(String username) {
        return jdbc.sql("delete from managed_user where username = ?").param(username).update() > 0;
    }

    Optional<SecurityProperties.Client> client(String clientId) {
        return jdbc.sql("select definition from managed_client where client_id = ?").param(clientId).query(String.class)
                .optional().map(this::read);
    }

    Optional<SecurityProperties.Client> clientByRegisteredId(String registeredId) {
        return jdbc.sql("select definition from managed_client where registered_id = ?").param(registeredId)
                .query(String.class).optional().map(this::read);
    }

    List<SecurityProperties.Client> clients() {
        return jdbc.sql("select definition from managed_client order by client_id").query(String.class).list().stream()
                .map(this::read).toList();
    }

    void putClient(String registeredId, SecurityProperties.Client client) {
        try {
            jdbc.sql("""
                    insert into managed_client (client_id, registered_id, definition, changed_at) values (?, ?, ?, ?)
                    on conflict (client_id) do update set definition = excluded.definition, changed_at = excluded.changed_at""")
                    .params(client.clientId(), registeredId, json.writeValueAsString(client), Timestamp.from(clock.instant()))
                    .update();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean removeClient(String clientId) {
        return jdbc.sql("delete from managed_client where client_id = ?").param(clientId).update() > 0;
    }

    private SecurityProperties.Client read(String definition) {
        try {
            return json.readValue(definition, SecurityProperties.Client.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored client cannot be read", e);
        }
    }
}
