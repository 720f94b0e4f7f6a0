package dev.pulsebridge.terminology;

/** The Withings API a value comes from; its name prefixes our local codes ({@code getmeas:1}). */
public enum Source {
    GETMEAS("getmeas", "Withings Measure API (getmeas)"),
    SLEEP("sleep", "Withings Sleep v2 API (getsummary)"),
    SLEEP_SERIES("sleep-series", "Withings Sleep v2 API (get): stages and per-minute samples of a night"),
    ACTIVITY("activity", "Withings Measure v2 API (getactivity)"),
    INTRADAY("intraday", "Withings Measure v2 API (getintradayactivity): a day's activity, slice by slice"),
    WORKOUT("workout", "Withings Measure v2 API (getworkouts)"),
    HEART("heart", "Withings Heart v2 API (list)"),
    DERIVED("derived", "Computed by Pulsebridge from Withings values");

    private final String prefix;
    private final String description;

    Source(String prefix, String description) {
        this.prefix = prefix;
        this.description = description;
    }

    public String prefix() {
        return prefix;
    }

    public String description() {
        return description;
    }

    public String code(String key) {
        return prefix + ":" + key;
    }
}
