package dev.pulsebridge.simulator.data;

import java.util.List;
import java.util.Set;

/**
 * The v2 lists the simulator serves, described once: where they live, what their rows are keyed and
 * dated by, which notification category (appli) a change sends, and which fields Withings returns
 * when the caller names no {@code data_fields}.
 *
 * @param listKey the body field holding the rows
 * @param keyField the row's natural key
 * @param dateField the field {@code startdate}/{@code enddate} or {@code startdateymd}/{@code enddateymd} filter on
 * @param ymd whether the date field is a local {@code YYYY-MM-DD} day (else epoch seconds)
 * @param appli the notification category of a change; 0 for none
 * @param fieldsIn where optional data fields sit: {@code data} object, the row itself, or nowhere
 */
public enum Dataset {
    SLEEP_SUMMARY("series", "id", "date", true, 44, "data", List.of("wakeupduration", "wakeupcount", "durationtosleep",
            "remsleepduration", "durationtowakeup", "total_timeinbed", "total_sleep_time", "sleep_efficiency",
            "sleep_latency", "wakeup_latency", "waso", "nb_rem_episodes", "out_of_bed_count", "lightsleepduration",
            "deepsleepduration")),
    ACTIVITY("activities", "date", "date", true, 16, "", List.of("steps", "distance", "elevation", "soft", "moderate",
            "intense", "active", "calories", "totalcalories", "hr_average", "hr_min", "hr_max", "hr_zone_0", "hr_zone_1",
            "hr_zone_2", "hr_zone_3")),
    WORKOUTS("series", "id", "date", true, 16, "data", List.of()),
    HEART("series", "signalid", "timestamp", false, 54, null, List.of()),
    DEVICES("devices", "hash_deviceid", "last_session_date", false, 0, null, List.of());

    /** Row fields of getactivity that are not data fields (never filtered by data_fields). */
    static final Set<String> ACTIVITY_ROW_FIELDS = Set.of("date", "timezone", "deviceid", "hash_deviceid", "brand",
            "is_tracker", "modified", "model", "modelid");

    private final String listKey;
    private final String keyField;
    private final String dateField;
    private final boolean ymd;
    private final int appli;
    private final String fieldsIn;
    private final List<String> defaultFields;

    Dataset(String listKey, String keyField, String dateField, boolean ymd, int appli, String fieldsIn, List<String> defaultFields) {
        this.listKey = listKey;
        this.keyField = keyField;
        this.dateField = dateField;
        this.ymd = ymd;
        this.appli = appli;
        this.fieldsIn = fieldsIn;
        this.defaultFields = defaultFields;
    }

    public String listKey() {
        return listKey;
    }

    public String keyField() {
        return keyField;
    }

    public String dateField() {
        return dateField;
    }

    public boolean ymd() {
        return ymd;
    }

    public int appli() {
        return appli;
    }

    public String fieldsIn() {
        return fieldsIn;
    }

    public List<String> defaultFields() {
        return defaultFields;
    }
}
