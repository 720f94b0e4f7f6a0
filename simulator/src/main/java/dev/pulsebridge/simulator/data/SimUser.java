package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One simulated Withings account: its data in Withings' own JSON, and its webhook subscriptions. */
public final class SimUser {

    public record Subscription(int appli, String callbackUrl, String comment) {
    }

    private final long id;
    private final String timezone;
    private final Map<Long, ObjectNode> measureGroups = new ConcurrentSkipListMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

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

    public List<Subscription> subscriptions() {
        return subscriptions;
    }
}
