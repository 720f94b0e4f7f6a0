package dev.pulsebridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A patient's Observations as the FHIR API returns them: how many per code, and how many identifiers
 * occur more than once (a reading stored twice). What a backfill stored, compared across patients
 * holding identical Withings data.
 *
 * @param codes      Observations per code (the first coding's {@code system|code})
 * @param duplicates Observations whose identifier another Observation of the patient already has
 */
record ObservationCensus(Map<String, Integer> codes, int total, int duplicates) {

    static ObservationCensus of(Http http, String fhirBase, String patientId) {
        Map<String, Integer> codes = new TreeMap<>();
        Set<String> identifiers = new HashSet<>();
        int total = 0;
        int duplicates = 0;
        String next = fhirBase + "/Observation?subject=Patient/" + patientId + "&_elements=code,identifier&_count=200";
        while (next != null) {
            JsonNode page = http.getJson(next);
            for (JsonNode entry : page.path("entry")) {
                JsonNode observation = entry.path("resource");
                JsonNode coding = observation.path("code").path("coding").path(0);
                codes.merge(coding.path("system").asText() + "|" + coding.path("code").asText(), 1, Integer::sum);
                total++;
                JsonNode identifier = observation.path("identifier").path(0);
                if (!identifier.isMissingNode()
                        && !identifiers.add(identifier.path("system").asText() + "|" + identifier.path("value").asText())) {
                    duplicates++;
                }
            }
            next = null;
            for (JsonNode link : page.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    next = link.path("url").asText();
                }
            }
        }
        return new ObservationCensus(codes, total, duplicates);
    }

    boolean sameAs(ObservationCensus other) {
        return codes.equals(other.codes) && duplicates == 0 && other.duplicates == 0;
    }

    /** The codes whose counts differ, as "code: this vs other". */
    String differenceFrom(ObservationCensus other) {
        StringBuilder out = new StringBuilder();
        Set<String> keys = new java.util.TreeSet<>(codes.keySet());
        keys.addAll(other.codes.keySet());
        for (String code : keys) {
            int mine = codes.getOrDefault(code, 0);
            int theirs = other.codes.getOrDefault(code, 0);
            if (mine != theirs) {
                out.append(code).append(": ").append(mine).append(" vs ").append(theirs).append("; ");
            }
        }
        return out.append(total).append(" vs ").append(other.total).append(" in all, ").append(duplicates)
                .append(" twice").toString();
    }
}
