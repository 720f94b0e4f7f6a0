package dev.pulsebridge.server.sync.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.sync.queue.DataKind;
import dev.pulsebridge.server.withings.api.WithingsApiClient;
import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import dev.pulsebridge.terminology.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads one kind of Withings data for a window, following {@code more}/{@code offset} through every page.
 * The optional fields asked for come from the code table, so a metric added there is also fetched.
 */
@Component
public class WithingsFetcher {

    /** A guard against an API that keeps saying "more": no real window has this many pages. */
    static final int MAX_PAGES = 500;

    private static final String SLEEP_FIELDS = dataFields(Source.SLEEP);
    private static final String ACTIVITY_FIELDS = dataFields(Source.ACTIVITY);

    private final WithingsApiClient api;

    WithingsFetcher(WithingsApiClient api) {
        this.api = api;
    }

    public List<FetchedPage> fetch(long accountId, DataKind kind, FetchWindow window) {
        List<FetchedPage> pages = new ArrayList<>();
        switch (kind) {
            case MEASURES -> pages.addAll(all(accountId, PayloadKind.MEASURE_GROUPS, "/measure", "getmeas",
                    epochWindow(window)));
            case ACTIVITY -> {
                Map<String, String> activity = dayWindow(window);
                activity.put("data_fields", ACTIVITY_FIELDS);
                pages.addAll(all(accountId, PayloadKind.ACTIVITIES, "/v2/measure", "getactivity", activity));
                pages.addAll(all(accountId, PayloadKind.WORKOUTS, "/v2/measure", "getworkouts", dayWindow(window)));
            }
            case SLEEP -> {
                Map<String, String> sleep = dayWindow(window);
                sleep.put("data_fields", SLEEP_FIELDS);
                pages.addAll(all(accountId, PayloadKind.SLEEP_SUMMARIES, "/v2/sleep", "getsummary", sleep));
            }
            case HEART -> pages.addAll(all(accountId, PayloadKind.HEART_RECORDINGS, "/v2/heart", "list",
                    epochWindow(window)));
            case ACCOUNT -> throw new IllegalArgumentException("the account itself has no data to fetch");
        }
        return pages;
    }

    /** Every height the user ever entered: BMI needs one, and it is usually years older than the weights. */
    public List<FetchedPage> heights(long accountId) {
        return all(accountId, PayloadKind.MEASURE_GROUPS, "/measure", "getmeas", new LinkedHashMap<>(Map.of("meastype", "4")));
    }

    private List<FetchedPage> all(long accountId, PayloadKind kind, String path, String action, Map<String, String> params) {
        List<FetchedPage> pages = new ArrayList<>();
        Map<String, String> request = new LinkedHashMap<>(params);
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode body = api.call(accountId, path, action, request);
            pages.add(new FetchedPage(kind, body));
            if (!hasMore(body)) {
                return pages;
            }
            request.put("offset", body.path("offset").asText());
        }
        throw new IllegalStateException("Withings " + action + " still had more after " + MAX_PAGES + " pages");
    }

    /** getmeas says {@code more: 1}, the v2 lists {@code more: true}; an offset of 0 means no next page. */
    private static boolean hasMore(JsonNode body) {
        JsonNode more = body.path("more");
        boolean flagged = more.isBoolean() ? more.asBoolean() : more.asInt(0) != 0;
        return flagged && body.path("offset").asLong(0) > 0;
    }

    private static Map<String, String> epochWindow(FetchWindow window) {
        Map<String, String> params = new LinkedHashMap<>();
        if (window.ranged()) {
            params.put("startdate", Long.toString(window.start()));
            params.put("enddate", Long.toString(window.end()));
        } else {
            params.put("lastupdate", Long.toString(window.lastUpdate()));
        }
        return params;
    }

    private static Map<String, String> dayWindow(FetchWindow window) {
        Map<String, String> params = new LinkedHashMap<>();
        if (window.ranged()) {
            params.put("startdateymd", window.firstLocalDate().toString());
            params.put("enddateymd", window.lastLocalDate().toString());
        } else {
            params.put("lastupdate", Long.toString(window.lastUpdate()));
        }
        return params;
    }

    static String dataFields(Source source) {
        return CodeTable.all().stream()
                .filter(metric -> metric.source() == source)
                .filter(metric -> metric.kind() != ValueKind.PANEL && metric.kind() != ValueKind.NOT_EMITTED)
                .map(Metric::key)
                .distinct()
                .collect(Collectors.joining(","));
    }
}
