package dev.pulsebridge.server.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled  record every FHIR request as an AuditEvent (switch off only to measure what it costs)
 * @param batch    how many audit records one background pass stores as AuditEvents
 * @param idlePoll how long the writer waits when there is nothing to store
 */
@ConfigurationProperties("pulsebridge.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, @DefaultValue("200") int batch,
        @DefaultValue("500ms") Duration idlePoll) {
}
