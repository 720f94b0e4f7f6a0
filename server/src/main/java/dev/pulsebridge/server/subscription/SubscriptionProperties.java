package dev.pulsebridge.server.subscription;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled         deliver notifications from this instance (matching and storing events always happens)
 * @param deliverers      threads delivering notifications in this instance
 * @param idlePoll        how often an idle deliverer looks for work another instance may have stored
 * @param lease           how long a deliverer holds a subscription; a crashed deliverer's one is retaken after it
 * @param retryPeriod     how long delivery to an unreachable receiver is retried before the subscription turns error
 * @param retryBase       first retry delay; doubles each attempt (with jitter) up to {@code retryCap}
 * @param retryCap        longest delay between two attempts
 * @param timeout         HTTP timeout of a rest-hook delivery when the Subscription sets none
 * @param refreshInterval how often this instance looks for subscriptions changed through another instance
 * @param maxEventsPerQuery most events one {@code $events} answer holds
 * @param eventRetention  how long delivered events stay available to {@code $events}
 * @param allowedEndpoints URL prefixes of rest-hook endpoints exempt from the https and public-address rules
 *                        (receivers of tests and demos on loopback), e.g. {@code http://127.0.0.1:9999/}
 */
@ConfigurationProperties("pulsebridge.subscriptions")
public record SubscriptionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") int deliverers,
        @DefaultValue("500ms") Duration idlePoll,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("24h") Duration retryPeriod,
        @DefaultValue("2s") Duration retryBase,
        @DefaultValue("10m") Duration retryCap,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("2s") Duration refreshInterval,
        @DefaultValue("1000") int maxEventsPerQuery,
        @DefaultValue("30d") Duration eventRetention,
        @DefaultValue("") List<String> allowedEndpoints) {
}
