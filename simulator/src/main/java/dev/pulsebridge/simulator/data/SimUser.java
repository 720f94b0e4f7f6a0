package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One simulated Withings account: its data in Withings' own JSON, and its webhook subscriptions. */
public final class SimUser {

    public record Subscription(int appli, String callbackUrl, String comment) {
    }

    private final long id;
    private final String timezone;
    private final Map<Long, ObjectNode> measureGroups = new ConcurrentSkipListMap<>();
    private final Map<Dataset, Map<String, ObjectNode>> datasets = new java.util.EnumMap<>(Dataset.class);
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<Long, ObjectNode> sleepStages = new ConcurrentSkipListMap<>();
    private final NavigableMap<Long, ObjectNode> intraday = new ConcurrentSkipListMap<>();
    private final java.util.Set<String> generatedNights = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> generatedDays = java.util.concurrent.ConcurrentHashMap.newKeySet();

    SimUser(long id, String timezone) {
        this.id = id;
        this.timezone = timezone;
    }

    public long id() {
        return id;
    }

    public String timezone() {
        return timezone;
    }

    public Map<Long, ObjectNode> measureGroups() {
        return measureGroups;
    }

    /** Rows of a v2 dataset keyed by their natural key (night id, day, workout id, signal id, device hash). */
    public synchronized Map<String, ObjectNode> rows(Dataset dataset) {
        return datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
    }

    /** Sleep {@code get} stage rows keyed by their start (epoch seconds). */
    public Map<Long, ObjectNode> sleepStages() {
        return sleepStages;
    }

    /** getintradayactivity slices keyed by their start (epoch seconds). */
    public NavigableMap<Long, ObjectNode> intraday() {
        return intraday;
    }

    /** Ids of the nights the history generator made: their sleep get rows are derived when asked for. */
    public java.util.Set<String> generatedNights() {
        return generatedNights;
    }

    /** Dates of the activity days the history generator made: their intraday slices are derived when asked for. */
    public java.util.Set<String> generatedDays() {
        return generatedDays;
    }

    public List<Subscription> subscriptions() {
        return subscriptions;
    }
}
