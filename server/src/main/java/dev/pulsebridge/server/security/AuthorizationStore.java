package dev.pulsebridge.server.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.server.secrets.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.jackson2.SecurityJackson2Modules;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.jackson2.OAuth2AuthorizationServerJackson2Module;

/**
 * {@code oauth_authorization}: what the authorization server issued, in PostgreSQL, so that refresh
 * tokens keep working across restarts (nobody is made to sign in again because the server was updated),
 * and introspection and revocation agree on every instance. Token values are looked up by their SHA-256
 * and never stored as such; each authorization (its tokens, the signed-in user, the request) is sealed
 * under the secrets key. Expired authorizations are deleted as new ones are saved.
 */
final class AuthorizationStore implements OAuth2AuthorizationService {

    private static final String CONTEXT = "oauth-authorization";
    private static final Map<String, Class<? extends OAuth2Token>> TOKEN_CLASSES = Map.of(
            "code", OAuth2AuthorizationCode.class, "access", OAuth2AccessToken.class, "refresh", OAuth2RefreshToken.class,
            "id", OidcIdToken.class);

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final RegisteredClientRepository clients;

    AuthorizationStore(JdbcClient jdbc, SecretCipher cipher, Clock clock, RegisteredClientRepository clients) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.cipher = cipher;
        this.clock = clock;
        ClassLoader loader = AuthorizationStore.class.getClassLoader();
        json.registerModules(SecurityJackson2Modules.getModules(loader));
        json.registerModule(new OAuth2AuthorizationServerJackson2Module());
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        Instant now = clock.instant();
        jdbc.sql("""
                delete from oauth_authorization where id in (
                    select id from oauth_authorization where expires_at < ? fetch first 100 rows only)""")
                .param(Timestamp.from(now)).update();
        jdbc.sql("""
                insert into oauth_authorization (id, client_id, principal_name, state_hash, code_hash, access_token_hash,
                    refresh_hash, id_token_hash, access_revoked, expires_at, sealed)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do update set state_hash = excluded.state_hash, code_hash = excluded.code_hash,
                    access_token_hash = excluded.access_token_hash, refresh_hash = excluded.refresh_hash,
                    id_token_hash = excluded.id_token_hash, access_revoked = excluded.access_revoked, expires_at = excluded.expires_at, sealed = excluded.sealed""")
                .params(authorization.getId(), authorization.getRegisteredClientId(), authorization.getPrincipalName(),
                        hash(authorization.getAttribute(OAuth2ParameterNames.STATE)),
                        hash(value(authorization.getToken(OAuth2AuthorizationCode.class))),
                        hash(value(authorization.getAccessToken())), hash(value(authorization.getRefreshToken())),
                        hash(value(authorization.getToken(OidcIdToken.class))),
                        authorization.getAccessToken() != null && authorization.getAccessToken().isInvalidated(), Timestamp.from(expiry(authorization, now)),
                        cipher.seal(write(authorization), CONTEXT))
                .update();
    }

    /**
     * Whether this access token no longer works: revoked, or its authorization was removed (its client or
     * user was). One indexed lookup, for every request that carries the token.
     */
    boolean revoked(String accessToken) {
        return jdbc.sql("select access_revoked from oauth_authorization where access_token_hash = ?").param(hash(accessToken))
                .query(Boolean.class).optional().orElse(true);
    }

    /** Everything issued to a client: it was removed. */
    void removeAllOfClient(String registeredClientId) {
        jdbc.sql("delete from oauth_authorization where client_id = ?").param(registeredClientId).update();
    }

    /** Everything issued on a user's behalf: they were removed. */
    void removeAllOfPrincipal(String principalName) {
        jdbc.sql("delete from oauth_authorization where principal_name = ?").param(principalName).update();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        jdbc.sql("delete from oauth_authorization where id = ?").param(authorization.getId()).update();
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return jdbc.sql("select sealed from oauth_authorization where id = ?").param(id).query(String.class).optional()
                .map(this::read).orElse(null);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType type) {
        String hash = hash(token);
        List<String> columns = type == null ? List.of("state_hash", "code_hash", "access_token_hash", "refresh_hash", "id_token_hash")
                : switch (type.getValue()) {
                    case OAuth2ParameterNames.STATE -> List.of("state_hash");
                    case OAuth2ParameterNames.CODE -> List.of("code_hash");
                    case OAuth2ParameterNames.ACCESS_TOKEN -> List.of("access_token_hash");
                    case OAuth2ParameterNames.REFRESH_TOKEN -> List.of("refresh_hash");
                    case OidcParameterNames.ID_TOKEN -> List.of("id_token_hash");
                    default -> List.of();
                };
        for (String column : columns) {
            Optional<String> sealed = jdbc.sql("select sealed from oauth_authorization where " + column + " = ?")
                    .param(hash).query(String.class).optional();
            if (sealed.isPresent()) {
                return read(sealed.get());
            }
        }
        return null;
    }

    /** The row may go once its longest-lived token has expired (an in-flight consent after ten minutes). */
    private static Instant expiry(OAuth2Authorization authorization, Instant now) {
        Instant latest = now.plusSeconds(600);
        for (OAuth2Authorization.Token<?> token : tokens(authorization)) {
            Instant expires = token.getToken().getExpiresAt();
            if (expires != null && expires.isAfter(latest)) {
                latest = expires;
            }
        }
        return latest;
    }

    private static List<OAuth2Authorization.Token<?>> tokens(OAuth2Authorization authorization) {
        return java.util.stream.Stream.of(authorization.getToken(OAuth2AuthorizationCode.class), authorization.getAccessToken(),
                authorization.getRefreshToken(), authorization.getToken(OidcIdToken.class))
                .<OAuth2Authorization.Token<?>>map(token -> token).filter(java.util.Objects::nonNull).toList();
    }

    private String write(OAuth2Authorization authorization) {
        ObjectNode document = json.createObjectNode();
        document.put("id", authorization.getId());
        document.put("client", authorization.getRegisteredClientId());
        document.put("principal", authorization.getPrincipalName());
        document.put("grant", authorization.getAuthorizationGrantType().getValue());
        ArrayNode scopes = document.putArray("scopes");
        authorization.getAuthorizedScopes().forEach(scopes::add);
        try {
            document.put("attributes", json.writeValueAsString(authorization.getAttributes()));
            ArrayNode tokens = document.putArray("tokens");
            for (Map.Entry<String, Class<? extends OAuth2Token>> kind : TOKEN_CLASSES.entrySet()) {
                OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(kind.getValue());
                if (token == null) {
                    continue;
                }
                ObjectNode node = tokens.addObject();
                node.put("kind", kind.getKey());
                node.put("value", token.getToken().getTokenValue());
                putInstant(node, "issued", token.getToken().getIssuedAt());
                putInstant(node, "expires", token.getToken().getExpiresAt());
                node.put("metadata", json.writeValueAsString(token.getMetadata()));
                if (token.getToken() instanceof OAuth2AccessToken access) {
                    ArrayNode accessScopes = node.putArray("scopes");
                    access.getScopes().forEach(accessScopes::add);
                }
            }
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store authorization " + authorization.getId(), e);
        }
    }

    private OAuth2Authorization read(String sealed) {
        try {
            ObjectNode document = (ObjectNode) json.readTree(cipher.open(sealed, CONTEXT));
            Set<String> scopes = new HashSet<>();
            document.path("scopes").forEach(scope -> scopes.add(scope.asText()));
            Map<String, Object> attributes = json.readValue(document.path("attributes").asText(), new TypeReference<>() { });
            RegisteredClient client = clients.findById(document.path("client").asText());
            if (client == null) {
                return null; // the client was removed from the configuration: what it was given is void
            }
            OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
                    .id(document.path("id").asText())
                    .principalName(document.path("principal").asText())
                    .authorizationGrantType(new AuthorizationGrantType(document.path("grant").asText()))
                    .authorizedScopes(scopes)
                    .attributes(map -> map.putAll(attributes));
            for (var node : document.path("tokens")) {
                Map<String, Object> metadata = json.readValue(node.path("metadata").asText(), new TypeReference<>() { });
                String value = node.path("value").asText();
                Instant issued = instant(node.path("issued").asText(null));
                Instant expires = instant(node.path("expires").asText(null));
                OAuth2Token token = switch (node.path("kind").asText()) {
                    case "code" -> new OAuth2AuthorizationCode(value, issued, expires);
                    case "access" -> {
                        Set<String> accessScopes = new HashSet<>();
                        node.path("scopes").forEach(scope -> accessScopes.add(scope.asText()));
                        yield new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, issued, expires, accessScopes);
                    }
                    case "refresh" -> new OAuth2RefreshToken(value, issued, expires);
                    default -> new OidcIdToken(value, issued, expires, claims(metadata));
                };
                builder.token(token, stored -> stored.putAll(metadata));
            }
            return builder.build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored authorization cannot be read", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(Map<String, Object> metadata) {
        Object claims = metadata.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
        return claims instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of("sub", "unknown");
    }

    private static void putInstant(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            node.put(field, instant.toString());
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String value(OAuth2Authorization.Token<?> token) {
        return token == null ? null : token.getToken().getTokenValue();
    }

    private static String hash(Object value) {
        if (value == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
