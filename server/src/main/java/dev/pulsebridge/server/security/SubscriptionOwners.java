package dev.pulsebridge.server.security;

import static dev.pulsebridge.server.database.SqlTimes.utc;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who created each Subscription through the FHIR API, and the grant they held (table
 * {@code subscription_owner}). Ownership is written once, with the Subscription, and read on every
 * matching change, so it is kept in memory once read; suspending clears that memory on this instance and
 * other instances see it on their next read of the row (they re-read suspended-or-not every time the
 * cache misses, and an entry lives at most {@link #CACHE_MILLIS}).
 */
@Repository
class SubscriptionOwners {

    /** How long an ownership read stays trusted on an instance that did not suspend it itself. */
    private static final long CACHE_MILLIS = 5_000;

    /**
     * @param username the signed-in user, when the token was a person's (empty for a backend service)
     * @param patient  the patient of the token's launch context
     */
    record Owner(String subscriptionId, String clientId, String subject, Optional<String> username,
            Optional<String> patient, String scopes, boolean suspended) {

        boolean isHeldBy(TokenAccess access) {
            return access.client().filter(clientId::equals).isPresent() && access.subject().filter(subject::equals).isPresent();
        }
    }

    private record Cached(Optional<Owner> owner, long readAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    SubscriptionOwners(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the owner in the caller's transaction; a second record for the same subscription keeps the first. */
    void record(String subscriptionId, TokenAccess access, String scopes) {
        jdbc.sql("""
                insert into subscription_owner (subscription_id, client_id, subject, username, patient_id, scopes,
                    suspended, created_at)
                values (?, ?, ?, ?, ?, ?, false, ?) on conflict (subscription_id) do nothing""")
                .params(subscriptionId, access.client().orElse(""), access.subject().orElse(""),
                        access.username().orElse(null),
                        access.patient().orElse(null), scopes, utc(clock.instant()))
                .update();
        cache.remove(subscriptionId);
    }

    /** Empty for a Subscription made inside the server, or before owners were recorded. */
    Optional<Owner> of(String subscriptionId) {
        long now = System.currentTimeMillis();
        Cached cached = cache.get(subscriptionId);
        if (cached != null && now - cached.readAt() < CACHE_MILLIS) {
            return cached.owner();
        }
        Optional<Owner> owner = jdbc.sql("""
                select subscription_id, client_id, subject, username, patient_id, scopes, suspended
                from subscription_owner where subscription_id = ?""")
                .param(subscriptionId)
                .query((rs, row) -> new Owner(rs.getString(1), rs.getString(2), rs.getString(3),
                        Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)), rs.getString(6),
                        rs.getBoolean(7)))
                .optional();
        cache.put(subscriptionId, new Cached(owner, now));
        return owner;
    }

    /** Is the subscription (by id) one this token's client and user made? */
    boolean ownedBy(TokenAccess access, String subscriptionId) {
        return of(subscriptionId).filter(owner -> owner.isHeldBy(access)).isPresent();
    }

    /** The client changed or went: what its subscriptions were allowed to hear ends with its tokens. */
    void suspendAllOfClient(String clientId) {
        jdbc.sql("update subscription_owner set suspended = true where client_id = ?").param(clientId).update();
        cache.clear();
    }

    /** The user changed or went: likewise. */
    void suspendAllOfUser(String username) {
        jdbc.sql("update subscription_owner set suspended = true where username = ?").param(username).update();
        cache.clear();
    }
}
