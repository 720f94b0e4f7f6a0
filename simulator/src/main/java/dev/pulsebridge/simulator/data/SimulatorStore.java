package dev.pulsebridge.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulsebridge.simulator.api.WithingsError;
import dev.pulsebridge.simulator.notify.Notifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** All simulated accounts, in memory. Changes to data notify the account's webhook subscribers. */
@Component
public class SimulatorStore {

    /** Which notification category (appli) a getmeas type belongs to, as Withings groups them. */
    private static final Set<Integer> BLOOD_PRESSURE_APPLI_TYPES = Set.of(9, 10, 11, 54);
    private static final Set<Integer> TEMPERATURE_APPLI_TYPES = Set.of(12, 71, 73);

    private final Map<Long, SimUser> users = new ConcurrentHashMap<>();
    private final AtomicLong nextUserId = new AtomicLong(10_000_001);
    private final AtomicLong nextGroupId = new AtomicLong(5_000_000_000L);
    private final Notifier notifier;

    public SimulatorStore(Notifier notifier) {
        this.notifier = notifier;
    }

    public long createUser(Long requestedId, String timezone) {
        long id = requestedId != null ? requestedId : nextUserId.getAndIncrement();
        if (users.putIfAbsent(id, new SimUser(id, timezone == null ? "Europe/Paris" : timezone)) != null) {
            throw new IllegalArgumentException("User " + id + " exists already");
        }
        return id;
    }

    public boolean exists(long userId) {
        return users.containsKey(userId);
    }

    public Set<Long> userIds() {
        return new TreeSet<>(users.keySet());
    }

    public SimUser user(long userId) {
        SimUser user = users.get(userId);
        if (user == null) {
            throw new NoSuchElementException("No simulated user " + userId);
        }
        return user;
    }

    /** The account as an API caller sees it; an unknown user means the token pointed nowhere. */
    public SimUser apiUser(long userId) {
        SimUser user = users.get(userId);
        if (user == null) {
            throw new WithingsError(401, "invalid_token: unknown user");
        }
        return user;
    }

    /** Stores measure groups in Withings' format, filling grpid/created/modified when absent. */
    public List<ObjectNode> addMeasureGroups(long userId, List<ObjectNode> groups, boolean notify) {
        SimUser user = user(userId);
        long now = Instant.now().getEpochSecond();
        for (ObjectNode group : groups) {
            if (!group.hasNonNull("grpid")) {
                group.put("grpid", nextGroupId.getAndIncrement());
            }
            if (!group.hasNonNull("date")) {
                group.put("date", now);
            }
            group.put("created", group.path("created").asLong(now));
            group.put("modified", group.path("modified").asLong(now));
            group.put("attrib", group.path("attrib").asInt(0));
            group.put("category", group.path("category").asInt(1));
            user.measureGroups().put(group.get("grpid").asLong(), group);
            if (notify) {
                notifyGroup(user, group);
            }
        }
        return groups;
    }

    public ObjectNode replaceMeasureGroup(long userId, long grpid, ObjectNode group) {
        SimUser user = user(userId);
        ObjectNode previous = user.measureGroups().get(grpid);
        if (previous == null) {
            throw new NoSuchElementException("No measure group " + grpid);
        }
        group.put("grpid", grpid);
        group.put("created", previous.path("created").asLong());
        if (!group.hasNonNull("date")) {
            group.put("date", previous.path("date").asLong());
        }
        group.put("modified", Math.max(Instant.now().getEpochSecond(), previous.path("modified").asLong() + 1));
        group.put("attrib", group.path("attrib").asInt(previous.path("attrib").asInt()));
        group.put("category", group.path("category").asInt(previous.path("category").asInt(1)));
        user.measureGroups().put(grpid, group);
        notifyGroup(user, group);
        return group;
    }

    public void deleteMeasureGroup(long userId, long grpid) {
        SimUser user = user(userId);
        ObjectNode removed = user.measureGroups().remove(grpid);
        if (removed == null) {
            throw new NoSuchElementException("No measure group " + grpid);
        }
        notifyGroup(user, removed);
    }

    /** Stores rows of a v2 dataset in Withings' format (ids and modified filled in when absent) and notifies. */
    public List<ObjectNode> addRows(long userId, Dataset dataset, List<ObjectNode> rows, boolean notify) {
        SimUser user = user(userId);
        long now = Instant.now().getEpochSecond();
        for (ObjectNode row : rows) {
            if ((dataset == Dataset.SLEEP_SUMMARY || dataset == Dataset.WORKOUTS) && !row.hasNonNull("id")) {
                row.put("id", nextGroupId.getAndIncrement());
            }
            if (dataset != Dataset.DEVICES && dataset != Dataset.HEART) {
                row.put("modified", row.path("modified").asLong(now));
            }
            if (dataset == Dataset.SLEEP_SUMMARY || dataset == Dataset.ACTIVITY || dataset == Dataset.WORKOUTS) {
                if (!row.hasNonNull("timezone")) {
                    row.put("timezone", user.timezone());
                }
            }
            String key = keyOf(dataset, row);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(dataset + " row without its key field " + dataset.keyField());
            }
            user.rows(dataset).put(key, row);
            if (notify && dataset.appli() != 0) {
                long[] window = window(dataset, row);
                notifier.dataChanged(user, dataset.appli(), window[0], window[1]);
            }
        }
        return rows;
    }

    /** Replaces a v2 row (its key stays), moving {@code modified} on and notifying, as an edit at Withings does. */
    public ObjectNode replaceRow(long userId, Dataset dataset, String key, ObjectNode row) {
        SimUser user = user(userId);
        ObjectNode previous = user.rows(dataset).get(key);
        if (previous == null) {
            throw new NoSuchElementException("No " + dataset + " row " + key);
        }
        row.set(dataset.keyField(), previous.get(dataset.keyField()));
        if (dataset == Dataset.HEART) {
            row.set("ecg", previous.get("ecg"));
        }
        row.put("modified", Math.max(Instant.now().getEpochSecond(), previous.path("modified").asLong() + 1));
        addRows(userId, dataset, List.of(row), true);
        return row;
    }

    public void deleteRow(long userId, Dataset dataset, String key) {
        SimUser user = user(userId);
        ObjectNode removed = user.rows(dataset).remove(key);
        if (removed == null) {
            throw new NoSuchElementException("No " + dataset + " row " + key);
        }
        if (dataset.appli() != 0) {
            long[] window = window(dataset, removed);
            notifier.dataChanged(user, dataset.appli(), window[0], window[1]);
        }
    }

    static String keyOf(Dataset dataset, JsonNode row) {
        JsonNode key = dataset == Dataset.HEART ? row.path("ecg").path("signalid") : row.path(dataset.keyField());
        if (dataset == Dataset.DEVICES && key.isMissingNode()) {
            key = row.path("deviceid");
        }
        return key.isMissingNode() || key.isNull() ? null : key.asText();
    }

    /** The startdate/enddate a notification about this row carries. */
    private static long[] window(Dataset dataset, JsonNode row) {
        return switch (dataset) {
            case SLEEP_SUMMARY, WORKOUTS -> new long[] {row.path("startdate").asLong(), row.path("enddate").asLong()};
            case HEART -> new long[] {row.path("timestamp").asLong(), row.path("timestamp").asLong()};
            case ACTIVITY -> {
                long start = java.time.LocalDate.parse(row.path("date").asText())
                        .atStartOfDay(java.time.ZoneId.of(row.path("timezone").asText("UTC"))).toEpochSecond();
                yield new long[] {start, start + 86_399};
            }
            case DEVICES -> new long[] {0, 0};
        };
    }

    /** Sleep {@code get} stage rows (Withings format, keyed by startdate); notifies sleep subscribers. */
    public void addSleepStages(long userId, JsonNode rows) {
        SimUser user = user(userId);
        HighFrequency.addStages(user, rows);
        rows.forEach(row -> notifier.dataChanged(user, Dataset.SLEEP_SUMMARY.appli(), row.path("startdate").asLong(),
                row.path("enddate").asLong()));
    }

    /** getintradayactivity slices, an object keyed by epoch seconds as Withings returns them. */
    public void addIntraday(long userId, JsonNode slices) {
        HighFrequency.addIntraday(user(userId), slices);
    }

    /** The user unlinked the app: subscribers hear appli 46 with action=unlink, then the subscriptions go. */
    public void unlink(long userId) {
        SimUser user = users.get(userId);
        if (user == null) {
            return;
        }
        notifier.unlinked(user);
        user.subscriptions().clear();
    }

    public void reset() {
        users.clear();
    }

    private void notifyGroup(SimUser user, JsonNode group) {
        long date = group.path("date").asLong();
        Set<Integer> applis = new TreeSet<>();
        group.path("measures").forEach(measure -> applis.add(appliFor(measure.path("type").asInt())));
        applis.forEach(appli -> notifier.dataChanged(user, appli, date, date));
    }

    static int appliFor(int measureType) {
        if (BLOOD_PRESSURE_APPLI_TYPES.contains(measureType)) {
            return 4;
        }
        if (TEMPERATURE_APPLI_TYPES.contains(measureType)) {
            return 2;
        }
        return 1;
    }
}
