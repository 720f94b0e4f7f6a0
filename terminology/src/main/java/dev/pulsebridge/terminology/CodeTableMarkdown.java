package dev.pulsebridge.terminology;

import java.util.stream.Collectors;

/** The code table as a Markdown document, for people; checked against {@code docs/code-table.md} by a test. */
public final class CodeTableMarkdown {

    private CodeTableMarkdown() {
    }

    public static String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Withings to FHIR code table\n\n")
                .append("Generated from `CodeTable` (terminology module); do not edit by hand. Regenerate with\n")
                .append("`./mvnw -pl terminology test -Dtest=CodeTableMarkdownTest -Dgolden.update=true`.\n\n")
                .append("Local codes are in `").append(Canonicals.WITHINGS_MEASURE).append("`. Values are converted from the\n")
                .append("Withings unit to the UCUM unit shown. Withings codes not listed here still become Observations,\n")
                .append("under the local code `<source>:<name>` with the raw value and a `mapping-flag#unmapped` tag.\n");
        for (Source source : Source.values()) {
            out.append("\n## ").append(source.description()).append("\n\n")
                    .append("| Local code | Meaning | LOINC | UCUM (conversion) | Family / HL7 category | Profile |\n")
                    .append("|---|---|---|---|---|---|\n");
            CodeTable.all().stream().filter(m -> m.source() == source).forEach(m -> out.append(row(m)));
        }
        return out.toString();
    }

    private static String row(Metric metric) {
        String loinc = metric.loinc().isEmpty() ? "none (local code only)" : metric.loinc().stream()
                .map(l -> l.loinc().code() + " " + l.loinc().display() + " (" + l.relationship().toCode() + ")")
                .collect(Collectors.joining("; "));
        String unit;
        if (!metric.emitted()) {
            unit = "not emitted: " + metric.ignoredBecause();
        } else if (metric.kind() == ValueKind.CODED_SAMPLED) {
            unit = "series of codes (SampledData, codeMap)";
        } else if (metric.unit() == null) {
            unit = metric.kind() == ValueKind.CODED ? "coded value" : metric.kind() == ValueKind.TEXT ? "text" : "panel, no value";
        } else {
            unit = (metric.kind() == ValueKind.SAMPLED ? "series (SampledData) in " : "") + "`" + metric.unit().ucum() + "`"
                    + (metric.conversion() == Conversion.NONE ? "" : " (" + metric.conversion().description() + ")")
                    + (metric.zeroMeansAbsent() ? "; 0 = not measured" : "");
        }
        String profile = metric.vitalSignProfile().map(p -> p.canonical().substring(p.canonical().lastIndexOf('/') + 1)).orElse("");
        return "| `" + metric.code() + "` | " + metric.display() + " | " + loinc + " | " + unit + " | "
                + metric.family().code() + " / " + metric.family().hl7Category() + " | " + profile + " |\n";
    }
}
