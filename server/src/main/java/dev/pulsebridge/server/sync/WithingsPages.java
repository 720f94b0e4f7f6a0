package dev.pulsebridge.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulsebridge.mapping.PayloadKind;
import dev.pulsebridge.server.withings.api.WithingsApiClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * One Withings read followed through every page ({@code more}/{@code offset}), and the window parameters
 * the two API families take: epoch seconds ({@code getmeas}, {@code heart list}) or local dates (the v2
 * activity and sleep lists). What {@link WithingsDataReader}s are built from; the fields to ask for come
 * from {@code CodeTable.requestFields}.
 */
@Component
class WithingsPages {

    /** A guard against an API that keeps saying "more": no real window has this many pages. */
    static final int MAX_PAGES = 500;

    private final WithingsApiClient api;

    WithingsPages(WithingsApiClient api) {
        this.api = api;
    }

    /** A call whose answer is one body, not a list to page through (sleep get, heart get). */
    JsonNode one(long accountId, String path, String action, Map<String, String> params) {
        return api.call(accountId, path, action, params);
    }

    List<FetchedPage> all(long accountId, PayloadKind kind, String path, String action, Map<String, String> params) {
        List<FetchedPage> pages = new ArrayList<>();
        each(accountId, kind, path, action, params, pages::add);
        return pages;
    }

    /**
     * Hands each page on as soon as it arrives, so a year of readings is written page by page instead of
     * being held and written at once.
     */
    void each(long accountId, PayloadKind kind, String path, String action, Map<String, String> params,
            Consumer<FetchedPage> sink) {
        Map<String, String> request = new LinkedHashMap<>(params);
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode body = api.call(accountId, path, action, request);
            sink.accept(new FetchedPage(kind, body));
            if (!hasMore(body)) {
                return;
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

    static Map<String, String> epochWindow(FetchWindow window) {
        Map<String, String> params = new LinkedHashMap<>();
        if (window.ranged()) {
            params.put("startdate", Long.toString(window.start()));
            params.put("enddate", Long.toString(window.end()));
        } else {
            params.put("lastupdate", Long.toString(window.lastUpdate()));
        }
        return params;
    }

    static Map<String, String> dayWindow(FetchWindow window) {
        Map<String, String> params = new LinkedHashMap<>();
        if (window.ranged()) {
            params.put("startdateymd", window.firstLocalDate().toString());
            params.put("enddateymd", window.lastLocalDate().toString());
        } else {
            params.put("lastupdate", Long.toString(window.lastUpdate()));
        }
        return params;
    }
}
