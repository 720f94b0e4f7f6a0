package dev.pulsebridge.mapping.fhir;

import dev.pulsebridge.terminology.CodeTable;
import dev.pulsebridge.terminology.Metric;
import dev.pulsebridge.terminology.Source;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The data fields of a Withings row, in code-table order (unknown ones last, by name), with their rows. */
final class Fields {

    private Fields() {
    }

    record Field(String name, Metric metric) {
    }

    static <V> List<Field> present(Source source, Map<String, V> values) {
        List<Field> fields = new ArrayList<>();
        values.keySet().forEach(name -> fields.add(new Field(name, CodeTable.lookup(source, name))));
        fields.sort(Comparator.<Field>comparingInt(f -> CodeTable.position(f.metric())).thenComparing(Field::name));
        return fields;
    }

    /** Whether a number stands for "no value": null, Withings' -1 sentinel, or 0 where the row says so. */
    static boolean absent(Metric metric, BigDecimal value) {
        if (value == null) {
            return true;
        }
        if (value.compareTo(BigDecimal.ONE.negate()) == 0) {
            return true;
        }
        return metric.zeroMeansAbsent() && value.signum() == 0;
    }
}
