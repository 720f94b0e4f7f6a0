package dev.pulsebridge.server.subscription;

import static dev.pulsebridge.server.database.SqlTimes.utc;

import dev.pulsebridge.server.secrets.BearerTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Binding tokens for websocket subscribers: random, short-lived, stored only as a hash. */
@Repository
class WebsocketTokenStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    WebsocketTokenStore(JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    record Issued(String token, Instant expires) {
    }

    Issued issue(String subscriptionId, Duration lifetime) {
        String token = BearerTokens.newToken();
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        jdbc.sql("delete from subscription_ws_token where expires_at < ?").param(utc(now)).update();
        jdbc.sql("insert into subscription_ws_token (token_hash, subscription_id, expires_at) values (?, ?, ?)")
                .params(BearerTokens.hash(token), subscriptionId, utc(expires)).update();
        return new Issued(token, expires);
    }

    /** The subscription a token was issued for, while it has not expired. */
    Optional<String> subscriptionOf(String token) {
        return jdbc.sql("select subscription_id from subscription_ws_token where token_hash = ? and expires_at >= ?")
                .params(BearerTokens.hash(token), utc(clock.instant())).query(String.class).optional();
    }
}
