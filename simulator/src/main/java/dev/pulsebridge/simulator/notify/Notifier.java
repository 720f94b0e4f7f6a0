package dev.pulsebridge.simulator.notify;

import dev.pulsebridge.simulator.SimulatorProperties;
import dev.pulsebridge.simulator.api.Stats;
import dev.pulsebridge.simulator.data.SimUser;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends Withings-style webhook notifications: a form-encoded POST per matching subscription, off the
 * caller's thread, retried on failure along a (scaled-down) version of Withings' schedule.
 */
@Component
public class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    /** Appli 46 ("user unlinked") goes to every subscription of the user, whatever its appli. */
    static final int UNLINK_APPLI = 46;

    private final SimulatorProperties properties;
    private final Stats stats;
    private final HttpClient http;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "sim-notifier");
        thread.setDaemon(true);
        return thread;
    });

    public Notifier(SimulatorProperties properties, Stats stats) {
        this.properties = properties;
        this.stats = stats;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(properties.notifyTimeoutMillis())).build();
    }

    public void dataChanged(SimUser user, int appli, long startDate, long endDate) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("userid", Long.toString(user.id()));
        form.put("appli", Integer.toString(appli));
        form.put("startdate", Long.toString(startDate));
        form.put("enddate", Long.toString(endDate));
        user.subscriptions().stream().filter(s -> s.appli() == appli)
                .forEach(s -> executor.execute(() -> deliver(s.callbackUrl(), form, 0)));
    }

    public void unlinked(SimUser user) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("userid", Long.toString(user.id()));
        form.put("appli", Integer.toString(UNLINK_APPLI));
        form.put("action", "unlink");
        user.subscriptions().stream().map(SimUser.Subscription::callbackUrl).distinct()
                .forEach(url -> executor.execute(() -> deliver(url, form, 0)));
    }

    private void deliver(String callbackUrl, Map<String, String> form, int attempt) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        boolean delivered;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(callbackUrl))
                    .timeout(Duration.ofMillis(properties.notifyTimeoutMillis()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            delivered = status >= 200 && status < 300;
        } catch (Exception e) {
            delivered = false;
        }
        if (delivered) {
            stats.notificationSent();
            return;
        }
        stats.notificationFailed();
        if (attempt < properties.notifyRetryDelaysMillis().size()) {
            long delay = properties.notifyRetryDelaysMillis().get(attempt);
            executor.schedule(() -> deliver(callbackUrl, form, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } else {
            log.info("Gave up notifying {} after {} attempts", callbackUrl, attempt + 1);
        }
    }

    /** HEAD probe Withings sends before accepting a subscription; true for any 2xx. */
    public boolean probe(String callbackUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(callbackUrl))
                    .timeout(Duration.ofMillis(properties.notifyTimeoutMillis()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (Exception e) {
            return false;
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
