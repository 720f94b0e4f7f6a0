package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run, as the markdown table bench/run prints and as JSON. */
public final class Table {

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public synchronized void add(Figure figure) {
        figures.add(figure);
        System.out.printf(Locale.ROOT, "  %-22s %-48s %12s %s%n", figure.scenario(), figure.metric(),
                number(figure.value()), figure.unit());
    }

    /** Facts about the run (mode, machine, sizes) written beside the figures. */
    public synchronized void context(String key, Object value) {
        context.put(key, value);
    }

    /** A caveat printed under the table (the machine was busy, a figure is missing). */
    public synchronized void warn(String warning) {
        warnings.add(warning);
    }

    public synchronized Object contextValue(String key) {
        return context.get(key);
    }

    public synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | metric | Pulsebridge | stock HAPI (same run) | ratio | target | met |\n");
        out.append("|---|---|---:|---:|---:|---|---|\n");
        for (Figure f : figures) {
            out.append("| ").append(f.scenario())
                    .append(" | ").append(f.metric())
                    .append(" | ").append(number(f.value())).append(' ').append(f.unit())
                    .append(" | ").append(Double.isNaN(f.baseline()) ? "" : number(f.baseline()) + " " + f.unit())
                    .append(" | ").append(Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.2f×", f.ratio()))
                    .append(" | ").append(f.target())
                    .append(" | ").append(f.met() == null ? "" : f.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        if (!warnings.isEmpty()) {
            out.append('\n');
            warnings.forEach(warning -> out.append("- warning: ").append(warning).append('\n'));
        }
        return out.toString();
    }

    public synchronized String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.set("context", mapper.valueToTree(context));
        root.set("warnings", mapper.valueToTree(warnings));
        ArrayNode rows = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode row = rows.addObject();
            row.put("scenario", f.scenario());
            row.put("metric", f.metric());
            row.put("value", f.value());
            row.put("unit", f.unit());
            if (!Double.isNaN(f.baseline())) {
                row.put("baseline", f.baseline());
                row.put("ratio", f.ratio());
            }
            if (f.met() != null) {
                row.put("target", f.target());
                row.put("met", f.met());
            }
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name + ".json"), json());
            Files.writeString(directory.resolve(name + ".md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Three significant figures at most, no exponent: 0.0123, 1.23, 123, 12345. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
