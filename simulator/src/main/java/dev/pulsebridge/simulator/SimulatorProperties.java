package dev.pulsebridge.simulator;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sim.*} settings; see application.yml for what each means. */
@ConfigurationProperties("sim")
public record SimulatorProperties(long tokenLifetimeSeconds, int rateLimitPerMinute, int pageSize, String clientId,
        String clientSecret, List<Long> notifyRetryDelaysMillis, long notifyTimeoutMillis) {
}
