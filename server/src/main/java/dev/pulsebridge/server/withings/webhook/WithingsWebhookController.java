package dev.pulsebridge.server.withings.webhook;

import dev.pulsebridge.server.background.DatabaseReachability;
import dev.pulsebridge.server.withings.PublicUrls;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /withings/webhook/{secret}}: where Withings posts notifications. A notification is checked,
 * stored in the inbox and acknowledged; no Withings call happens here, so the answer comes in
 * milliseconds (Withings wants one within 2 s and retries failures for hours).
 */
@RestController
class WithingsWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WithingsWebhookController.class);
    /** Withings' notifications are a few hundred bytes of form fields; anything far larger is not one. */
    static final long MAX_NOTIFICATION_BYTES = 8 * 1024;

    private final WithingsWebhookSecret secret;
    private final WithingsWebhookInbox inbox;
    private final WithingsAccounts accounts;
    private final MeterRegistry meters;
    private final Clock clock;
    private final DatabaseReachability database;

    WithingsWebhookController(WithingsWebhookSecret secret, WithingsWebhookInbox inbox, WithingsAccounts accounts,
            DatabaseReachability database, MeterRegistry meters, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.secret = secret;
        this.inbox = inbox;
        this.accounts = accounts;
        this.meters = meters;
    }

    /** Withings probes the URL with HEAD before it registers a subscription. */
    @RequestMapping(path = PublicUrls.WEBHOOK_PATH + "{secret}", method = RequestMethod.HEAD)
    ResponseEntity<Void> probe(@PathVariable("secret") String given) {
        return secret.matches(given) ? ResponseEntity.ok().build() : ResponseEntity.notFound().build();
    }

    @PostMapping(path = PublicUrls.WEBHOOK_PATH + "{secret}")
    ResponseEntity<String> receive(@PathVariable("secret") String given, @RequestParam Map<String, String> form,
            HttpServletRequest request) {
        if (!secret.matches(given)) {
            count("wrong-secret");
            return ResponseEntity.notFound().build();
        }
        if (request.getContentLengthLong() > MAX_NOTIFICATION_BYTES) {
            count("too-large");
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.TEXT_PLAIN)
                    .body("A Withings notification is a few hundred bytes; this body has " + request.getContentLengthLong());
        }
        WithingsNotification notification;
        try {
            notification = WithingsNotificationParser.parse(form);
        } catch (WithingsNotificationParser.InvalidNotificationException e) {
            count("invalid");
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(e.getMessage());
        }
        if (!database.reachable()) {
            // the database was away a moment ago: refuse now rather than after the pool's connection timeout
            count("unavailable");
            return unavailable();
        }
        try {
            store(notification, form);
        } catch (DataAccessException e) {
            // not stored, so not acknowledged: Withings retries for hours, and the database is usually back by then
            count("unavailable");
            if (e instanceof DataAccessResourceFailureException) {
                database.unreachable();
            }
            log.warn("Could not store a Withings notification (appli {}), answered 503: {}", notification.appli(),
                    e.getMessage());
            return unavailable();
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ok");
    }

    private static ResponseEntity<String> unavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .contentType(MediaType.TEXT_PLAIN).body("temporarily unable to store the notification");
    }

    private void store(WithingsNotification notification, Map<String, String> form) {
        Optional<WithingsAccount> account = accounts.forWithingsUser(notification.withingsUserId());
        if (account.isPresent()) {
            inbox.store(notification, raw(form), account.get().id(), WithingsWebhookInbox.PENDING, null, clock.instant());
            count("accepted");
        } else {
            // Acknowledged all the same: a failure would make Withings retry for hours.
            inbox.store(notification, raw(form), null, WithingsWebhookInbox.IGNORED, "no linked account for this Withings user",
                    clock.instant());
            count("ignored");
            log.info("Ignored a notification (appli {}) for Withings user {}: not linked", notification.appli(),
                    notification.withingsUserId());
        }
    }

    private void count(String outcome) {
        meters.counter("pulsebridge.withings.webhook.received", "outcome", outcome).increment();
    }

    private static String raw(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
