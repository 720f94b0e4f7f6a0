package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** bench/chaos's table: per row what was done, what was expected, what was seen, and the time to recover. */
final class ChaosReport {

    /** @param recovery from the fault to work visibly resuming; null where nothing had to recover */
    record Row(String scenario, String done, String expected, String seen, Duration recovery, boolean ok) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    synchronized void add(Row row) {
        rows.add(row);
        System.out.printf("   %s %s: %s (expected %s)%s%n", row.ok() ? "ok  " : "FAIL", row.scenario(), row.seen(),
                row.expected(), row.recovery() == null ? "" : "; recovered in " + seconds(row.recovery()));
    }

    synchronized void context(String key, Object value) {
        context.put(key, value);
    }

    synchronized boolean allOk() {
        return !rows.isEmpty() && rows.stream().allMatch(Row::ok);
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder("| scenario | what was done | expected | seen | time to recover | ok |\n")
                .append("|---|---|---|---|---:|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.scenario()).append(" | ").append(row.done()).append(" | ").append(row.expected())
                    .append(" | ").append(row.seen()).append(" | ")
                    .append(row.recovery() == null ? "" : seconds(row.recovery())).append(" | ")
                    .append(row.ok() ? "yes" : "**no**").append(" |\n");
        }
        return out.toString();
    }

    synchronized void write(Path directory, String name) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.set("context", mapper.valueToTree(context));
        root.put("ok", allOk());
        ArrayNode list = root.putArray("rows");
        for (Row row : rows) {
            ObjectNode node = list.addObject();
            node.put("scenario", row.scenario());
            node.put("done", row.done());
            node.put("expected", row.expected());
            node.put("seen", row.seen());
            if (row.recovery() != null) {
                node.put("recoverySeconds", row.recovery().toMillis() / 1000.0);
            }
            node.put("ok", row.ok());
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name + ".json"), mapper.writeValueAsString(root));
            Files.writeString(directory.resolve(name + ".md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
