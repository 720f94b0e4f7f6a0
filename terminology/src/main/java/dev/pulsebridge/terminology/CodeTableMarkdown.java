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
        out.append(seriesShape());
        for (Source source : Source.values()) {
            out.append("\n## ").append(source.description()).append("\n\n")
                    .append("| Local code | Meaning | LOINC | UCUM (conversion) | Family / HL7 category | Profile |\n")
                    .append("|---|---|---|---|---|---|\n");
            CodeTable.all().stream().filter(m -> m.source() == source).forEach(m -> out.append(row(m)));
        }
        return out.toString();
    }

    /** How every time series is shaped; the stage codes come from their code list. */
    private static String seriesShape() {
        StringBuilder out = new StringBuilder();
        out.append("\n## Time series (SampledData)\n\n")
                .append("Rows whose unit reads *series* become one Observation per series per night (sleep) or per local day\n")
                .append("(intraday activity) with `valueSampledData`:\n\n")
                .append("- `origin` is zero in the row's UCUM unit, `intervalUnit` is `s`, `dimensions` is 1, and time counts\n")
                .append("  from `effectivePeriod.start`.\n")
                .append("- A series on a regular grid (Withings' per-minute samples) gives the step as `interval`, with `E`\n")
                .append("  where a sample is missing; its `effectivePeriod` ends one step after the last sample.\n")
                .append("- A series off any grid lists each sample's seconds from the start in `offsets` instead.\n")
                .append("- Sleep stages (`").append(Source.SLEEP_SERIES.code("state")).append("`) list the start of each stage in `offsets`;\n")
                .append("  `data` holds the stage codes of `").append(LocalCodeLists.SLEEP_STATE.url()).append("`, named by\n")
                .append("  `codeMap` `").append(Canonicals.SLEEP_STATE_DATA).append("`; `E` marks a stretch with no stage, and the\n")
                .append("  last stage lasts until `effectivePeriod.end`. Stage codes: ")
                .append(LocalCodeLists.SLEEP_STATE.concepts().entrySet().stream()
                        .map(concept -> "`" + concept.getKey() + "` " + concept.getValue()).collect(Collectors.joining(", ")))
                .append(".\n")
                .append("- An ECG recording's signal (`").append(Source.HEART.code("signal")).append("`, MDC 131329 lead I) is one\n")
                .append("  Observation in `uV` with `interval` 1000 / sampling frequency ms (500 Hz: `2`; 300 Hz: `3.333333`, which\n")
                .append("  drifts under 0.01 ms over a 30 s strip); the AFib result is `derivedFrom` it.\n")
                .append("- A night's series are members (`hasMember`) of its `sleep:summary` panel. A day's intraday series\n")
                .append("  belong to the day's activity record, and each day total is `derivedFrom` the series it sums up\n")
                .append("  (`activity:steps` from `intraday:steps`; the day's `hr_average`, `hr_min` and `hr_max` from\n")
                .append("  `intraday:heart_rate`). Series claim no vital-signs profile (those require `valueQuantity`), and\n")
                .append("  `$lastn` and `$stats` leave them out: a series is not one reading, and a night's heart-rate series\n")
                .append("  must not push the latest measured heart rate aside.\n\n")
                .append("A night's heart rate, shortened:\n\n```json\n")
                .append("\"valueSampledData\": {\"origin\": {\"value\": 0, \"unit\": \"/min\", \"system\": \"http://unitsofmeasure.org\", ")
                .append("\"code\": \"/min\"},\n  \"interval\": 60, \"intervalUnit\": \"s\", \"dimensions\": 1, \"data\": \"57 57 56 E 55 58\"}\n```\n\n")
                .append("and its stages: `\"offsets\": \"0 120 1020 2640\", \"data\": \"0 1 2 1\"` with the `codeMap` above.\n");
        return out.toString();
    }

    private static String row(Metric metric) {
        String loinc = metric.loinc().isEmpty() ? "none (local code only)" : metric.loinc().stream()
                .map(l -> l.loinc().code() + " " + l.loinc().display() + " (" + l.relationship().toCode() + ")")
                .collect(Collectors.joining("; "));
        if (!metric.mdc().isEmpty()) {
            loinc += "; MDC " + metric.mdc().stream().map(m -> m.code() + " " + m.display()).collect(Collectors.joining(", "));
        }
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
