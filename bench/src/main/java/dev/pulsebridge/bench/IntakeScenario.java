package dev.pulsebridge.bench;

import java.time.Instant;
import java.util.List;

/**
 * Scenario 3: several clients flood the webhook endpoint with valid notifications for the linked users;
 * acknowledgements per second, acknowledgement latency, and a count of the stored rows to show that
 * every acknowledged notification was kept.
 */
public final class IntakeScenario {

    private final Http http;
    private final PulsebridgeClient server;
    private final BenchDatabase database;
    private final String webhookSecret;

    public IntakeScenario(Http http, PulsebridgeClient server, BenchDatabase database, String webhookSecret) {
        this.http = http;
        this.server = server;
        this.database = database;
        this.webhookSecret = webhookSecret;
    }

    public void run(List<BackfillScenario.LinkedPatient> patients, int notifications, int clients, Table table) {
        String url = server.base() + "/withings/webhook/" + webhookSecret;
        long before = database.queryLong("select count(*) from webhook_inbox");
        long now = Instant.now().getEpochSecond();
        Load.Outcome outcome = Load.count(clients, notifications, index -> {
            long user = patients.get(index % patients.size()).withingsUser();
            String form = "userid=" + user + "&appli=1&startdate=" + (now - 60 - index % 600) + "&enddate=" + (now - index % 600);
            Http.expect(http.postForm(url, form), 200);
        });
        long stored = database.queryLong("select count(*) from webhook_inbox") - before;
        table.context("intake.notifications", notifications);
        table.context("intake.clients", clients);
        if (stored != notifications) {
            throw new IllegalStateException(notifications + " notifications acknowledged but " + stored + " stored");
        }
        table.add(Figure.of("3 webhook intake", "acknowledged/s (" + clients + " clients)", outcome.perSecond(), "/s")
                .atLeast(2000));
        table.add(Figure.of("3 webhook intake", "acknowledge time, p50", outcome.latencies().median(), "ms"));
        table.add(Figure.of("3 webhook intake", "acknowledge time, p99", outcome.latencies().percentile(99), "ms")
                .atMost(50));
        table.add(Figure.of("3 webhook intake", "acknowledged and stored", stored, "of " + notifications)
                .atLeast(notifications));
    }
}
