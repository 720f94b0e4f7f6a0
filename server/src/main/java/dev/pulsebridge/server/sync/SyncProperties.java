package dev.pulsebridge.server.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled          run the sync engine's background loops in this instance
 * @param dispatchInterval how often stored notifications are turned into sync jobs
 */
@ConfigurationProperties("pulsebridge.sync")
public record SyncProperties(@DefaultValue("true") boolean enabled, @DefaultValue("250ms") Duration dispatchInterval) {
}
