package dev.pulsebridge.server.subscription;

import static dev.pulsebridge.server.database.SqlTimes.instant;
import static dev.pulsebridge.server.database.SqlTimes.utc;

import dev.pulsebridge.server.background.DatabaseRetry;
import dev.pulsebridge.server.background.Instances;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery side of subscriptions in our own tables: one state row per Subscription and the outbox
 * of matched events. Every change a deliverer makes is guarded by its lease, so an instance that lost
 * its lease cannot overwrite the new holder's progress.
 */
@Repository
class DeliveryStore {

    private static final String COLUMNS = """
            subscription_id, topic_url, status, channel_type, heartbeat_seconds, fhir_base, handshake_due, events_count,
            delivered_through, attempts, failing_since, last_error""";
    private static final int SEQUENCE_BATCH = 1000;

    /**
     * The updates that record a delivery's outcome and end a claim: a database blink must neither send the
     * receiver its events a second time nor leave the subscription leased to a live deliverer for minutes.
     */
    private final DatabaseRetry endings = DatabaseRetry.forEndings("subscription-delivery-ending");
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transactions;
    private final Instances instances;
    private final Clock clock;

    DeliveryStore(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate transactions, Instances instances,
            Clock clock) {
        this.clock = clock;
        this.instances = instances;
        this.jdbc = jdbc;
        this.batch = batch;
        this.transactions = transactions;
    }

    /**
     * Records a Subscription as it was just written (runs inside the FHIR write's transaction). A status
     * of {@code requested} (new, or asked again after an error) schedules a handshake and clears past failures.
     */
    void saved(SubscriptionSpec spec, String fhirBase) {
        Instant now = clock.instant();
        boolean requested = spec.status().equals("requested");
        int updated = jdbc.sql("""
                update subscription_delivery set topic_url = :topic, status = :status, channel_type = :channel,
                    heartbeat_seconds = :heartbeat, fhir_base = coalesce(:base, fhir_base), changed_at = :now,
                    handshake_due = :requested,
                    attempts = case when :requested then 0 else attempts end,
                    failing_since = case when :requested then null else failing_since end,
                    last_error = case when :requested then null else last_error end,
                    next_attempt_at = case when :requested then :now else next_attempt_at end
                where subscription_id = :id""")
                .param("topic", spec.topicUrl()).param("status", spec.status()).param("channel", spec.channel().code)
                .param("heartbeat", spec.heartbeatSeconds()).param("base", fhirBase).param("now", utc(now))
                .param("requested", requested).param("id", spec.id())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into subscription_delivery (subscription_id, topic_url, status, channel_type, heartbeat_seconds,
                        fhir_base, handshake_due, events_count, delivered_through, attempts, next_attempt_at, changed_at)
                    values (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)""")
                    .params(spec.id(), spec.topicUrl(), spec.status(), spec.channel().code, spec.heartbeatSeconds(),
                            fhirBase, requested, utc(now), utc(now))
                    .update();
        }
    }

    void deleted(String subscriptionId) {
        jdbc.sql("delete from subscription_event where subscription_id = ?").param(subscriptionId).update();
        jdbc.sql("delete from subscription_delivery where subscription_id = ?").param(subscriptionId).update();
    }

    /** Drops the events not delivered yet (numbered or not); delivered ones stay for replay until purged. */
    void forgetUndelivered(String subscriptionId) {
        jdbc.sql("""
                delete from subscription_event e where e.subscription_id = ?
                  and (e.event_number is null or e.event_number > coalesce((select d.delivered_through
                       from subscription_delivery d where d.subscription_id = e.subscription_id), 0))""")
                .param(subscriptionId).update();
    }

    /** Writes matched events to the outbox, in the caller's (the FHIR write's) transaction. */
    void store(List<MatchedEvent> events) {
        batch.batchUpdate("""
                insert into subscription_event (subscription_id, focus_type, focus_id, focus_version, occurred_at)
                values (?, ?, ?, ?, ?)""", events, 500, (statement, event) -> {
            statement.setString(1, event.subscriptionId());
            statement.setString(2, event.focusType());
            statement.setString(3, event.focusId());
            statement.setLong(4, event.focusVersion());
            statement.setObject(5, utc(event.occurredAt()));
        });
    }

    /** Subscriptions with stored events that have no number yet. */
    List<String> withUnnumberedEvents() {
        return jdbc.sql("select distinct subscription_id from subscription_event where event_number is null")
                .query(String.class).list();
    }

    /**
     * Numbers a subscription's new events, oldest first, continuing from its count. Holding the state
     * row's lock makes concurrent sequencers (other threads, other instances) take turns, so a number is
     * never given twice or skipped.
     *
     * @return how many events were numbered
     */
    int sequence(String subscriptionId) {
        Integer numbered = transactions.execute(status -> {
            Optional<Long> count = jdbc.sql(
                            "select events_count from subscription_delivery where subscription_id = ? for update")
                    .param(subscriptionId).query(Long.class).optional();
            if (count.isEmpty()) {
                return 0;
            }
            List<Long> ids = jdbc.sql("""
                    select id from subscription_event where subscription_id = ? and event_number is null
                    order by id fetch first ? rows only""")
                    .params(subscriptionId, SEQUENCE_BATCH).query(Long.class).list();
            long next = count.get();
            List<long[]> numbers = new java.util.ArrayList<>(ids.size());
            for (Long id : ids) {
                numbers.add(new long[] {++next, id});
            }
            batch.batchUpdate("update subscription_event set event_number = ? where id = ?", numbers, 500,
                    (statement, pair) -> {
                        statement.setLong(1, pair[0]);
                        statement.setLong(2, pair[1]);
                    });
            jdbc.sql("update subscription_delivery set events_count = ? where subscription_id = ?")
                    .params(next, subscriptionId).update();
            return ids.size();
        });
        return numbered == null ? 0 : numbered;
    }

    /** Numbers every subscription's new events; delivery and {@code $events} call this before reading. */
    void sequenceAll() {
        withUnnumberedEvents().forEach(this::sequenceOne);
    }

    void sequenceOne(String subscriptionId) {
        while (sequence(subscriptionId) == SEQUENCE_BATCH) {
            // keep going: a backfill can match tens of thousands of changes
        }
    }

    /**
     * Takes one subscription that has work on the given channel: a handshake, events to deliver or a
     * heartbeat due. Rows held by another deliverer (here or on another instance) are skipped.
     */
    Optional<DeliveryState> claim(String channelType, String owner, Duration lease) {
        return claim(channelType, owner, lease, null);
    }

    /** Like {@link #claim}, for the subscriptions this instance holds open websockets for. */
    Optional<DeliveryState> claimAmong(String channelType, String owner, Duration lease, List<String> subscriptionIds) {
        return subscriptionIds.isEmpty() ? Optional.empty() : claim(channelType, owner, lease, subscriptionIds);
    }

    private Optional<DeliveryState> claim(String channelType, String owner, Duration lease, List<String> among) {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            var query = jdbc.sql("""
                    select subscription_id from subscription_delivery
                    where channel_type = :channel and status in ('requested', 'active') and next_attempt_at <= :now
                      and (lease_until is null or lease_until < :now or %s)
                      and (handshake_due
                           or (status = 'active' and (delivered_through < events_count or heartbeat_due_at <= :now)))"""
                    .formatted(instances.ownerGone("lease_owner"))
                    + (among == null ? "" : " and subscription_id in (:among)") + """

                    order by next_attempt_at
                    fetch first 1 rows only
                    for update skip locked""")
                    .param("channel", channelType).param("now", utc(now));
            if (among != null) {
                query = query.param("among", among);
            }
            Optional<String> id = query.query(String.class).optional();
            if (id.isEmpty()) {
                return Optional.<DeliveryState>empty();
            }
            jdbc.sql("update subscription_delivery set lease_owner = ?, lease_until = ? where subscription_id = ?")
                    .params(owner, utc(now.plus(lease)), id.get()).update();
            return state(id.get());
        });
    }

    Optional<DeliveryState> state(String subscriptionId) {
        return jdbc.sql("select " + COLUMNS + " from subscription_delivery where subscription_id = ?")
                .param(subscriptionId).query(DeliveryStore::state).optional();
    }

    List<DeliveryState> all() {
        return jdbc.sql("select " + COLUMNS + " from subscription_delivery order by subscription_id")
                .query(DeliveryStore::state).list();
    }

    List<DeliveryState> states(List<String> subscriptionIds) {
        if (subscriptionIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from subscription_delivery where subscription_id in (:ids)")
                .param("ids", subscriptionIds).query(DeliveryStore::state).list();
    }

    /** Events numbered {@code after + 1} up to {@code through}, at most {@code limit}, in number order. */
    List<StoredEvent> events(String subscriptionId, long after, long through, int limit) {
        return jdbc.sql("""
                select event_number, focus_type, focus_id, focus_version, occurred_at from subscription_event
                where subscription_id = ? and event_number > ? and event_number <= ?
                order by event_number fetch first ? rows only""")
                .params(subscriptionId, after, through, limit)
                .query((rs, row) -> new StoredEvent(rs.getLong("event_number"), rs.getString("focus_type"),
                        rs.getString("focus_id"), rs.getLong("focus_version"), instant(rs, "occurred_at")))
                .list();
    }

    /** The receiver took everything through {@code eventNumber} (or a handshake / heartbeat, with the current mark). */
    boolean sent(String subscriptionId, String owner, long eventNumber, Integer heartbeatSeconds) {
        return endings.call(() -> {
            // read at each try: the next heartbeat is due a period after the mark is actually written
            Instant now = clock.instant();
            return jdbc.sql("""
                    update subscription_delivery set delivered_through = greatest(delivered_through, ?), attempts = 0,
                        failing_since = null, last_error = null, last_sent_at = ?, heartbeat_due_at = ?, next_attempt_at = ?
                    where subscription_id = ? and lease_owner = ?""")
                    .params(eventNumber, utc(now), heartbeatSeconds == null ? null : utc(now.plusSeconds(heartbeatSeconds)),
                            utc(now), subscriptionId, owner)
                    .update() == 1;
        });
    }

    /** A delivery failed: try again after {@code retryIn}; the first failure of a run is remembered. */
    boolean failed(String subscriptionId, String owner, String error, Duration retryIn) {
        return endings.call(() -> {
            // read at each try: the wait before the next attempt counts from when this one is recorded
            Instant now = clock.instant();
            return jdbc.sql("""
                    update subscription_delivery set attempts = attempts + 1, failing_since = coalesce(failing_since, ?),
                        last_error = ?, next_attempt_at = ?
                    where subscription_id = ? and lease_owner = ?""")
                    .params(utc(now), truncate(error), utc(now.plus(retryIn)), subscriptionId, owner)
                    .update() == 1;
        });
    }

    void release(String subscriptionId, String owner) {
        endings.call(() -> jdbc.sql("""
                update subscription_delivery set lease_owner = null, lease_until = null
                where subscription_id = ? and lease_owner = ?""")
                .params(subscriptionId, owner).update());
    }

    /**
     * Forgets delivered events older than {@code before}; undelivered ones stay whatever their age (an
     * error subscription's events wait for its subscriber to return).
     */
    int purgeDelivered(Instant before) {
        return jdbc.sql("""
                delete from subscription_event e where e.occurred_at < ? and e.event_number is not null
                  and e.event_number <= (select d.delivered_through from subscription_delivery d
                                         where d.subscription_id = e.subscription_id)""")
                .param(utc(before)).update();
    }

    /** Changes of subscriptions anywhere (any instance) show up here: count and latest change. */
    String fingerprint() {
        return jdbc.sql("select count(*) || '/' || coalesce(cast(max(changed_at) as varchar(64)), '') from subscription_delivery")
                .query(String.class).single();
    }

    private static String truncate(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private static DeliveryState state(ResultSet rs, int row) throws SQLException {
        int heartbeat = rs.getInt("heartbeat_seconds");
        Integer heartbeatSeconds = rs.wasNull() ? null : heartbeat;
        return new DeliveryState(rs.getString("subscription_id"), rs.getString("topic_url"), rs.getString("status"),
                rs.getString("channel_type"), heartbeatSeconds, rs.getString("fhir_base"),
                rs.getBoolean("handshake_due"), rs.getLong("events_count"), rs.getLong("delivered_through"),
                rs.getInt("attempts"), instant(rs, "failing_since"), rs.getString("last_error"));
    }
}
