package dev.pulsebridge.mapping.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Resource;

/**
 * The outcome of mapping one Withings payload: per-record resources, the devices they reference,
 * and what was flagged or skipped (never silently dropped).
 */
public record MappingResult(List<MappedRecord> records, List<Resource> devices, List<UnmappedValue> unmapped,
        List<SkippedItem> skipped) {

    public MappingResult {
        records = List.copyOf(records);
        devices = List.copyOf(devices);
        unmapped = List.copyOf(unmapped);
        skipped = List.copyOf(skipped);
    }

    /** Devices first (Observations reference them), then every record's resources. */
    public List<Resource> allResources() {
        List<Resource> all = new ArrayList<>(devices);
        records.forEach(record -> all.addAll(record.resources()));
        return all;
    }

    /**
     * The same result cut into parts of at most {@code maxResources} record resources each (a record is
     * never cut, so one larger than that is a part of its own), so that a large page can be written as
     * several smaller transactions. Every part carries the devices, which its Observations reference; the
     * first carries what was unmapped or skipped.
     */
    public List<MappingResult> split(int maxResources) {
        if (maxResources < 1) {
            throw new IllegalArgumentException("maxResources must be at least 1, got " + maxResources);
        }
        List<MappingResult> parts = new ArrayList<>();
        List<MappedRecord> part = new ArrayList<>();
        int resources = 0;
        for (MappedRecord record : records) {
            if (!part.isEmpty() && resources + record.resources().size() > maxResources) {
                parts.add(new MappingResult(part, devices, parts.isEmpty() ? unmapped : List.of(),
                        parts.isEmpty() ? skipped : List.of()));
                part = new ArrayList<>();
                resources = 0;
            }
            part.add(record);
            resources += record.resources().size();
        }
        if (!part.isEmpty() || parts.isEmpty()) {
            parts.add(new MappingResult(part, devices, parts.isEmpty() ? unmapped : List.of(),
                    parts.isEmpty() ? skipped : List.of()));
        }
        return parts;
    }

    public List<Observation> observations() {
        return records.stream().flatMap(record -> record.observations().stream()).toList();
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final List<MappedRecord> records = new ArrayList<>();
        private final Map<String, Resource> devices = new LinkedHashMap<>();
        private final List<UnmappedValue> unmapped = new ArrayList<>();
        private final List<SkippedItem> skipped = new ArrayList<>();

        Builder record(String key, List<? extends Resource> resources) {
            records.add(new MappedRecord(key, new ArrayList<>(resources)));
            return this;
        }

        Builder device(Resource resource) {
            devices.putIfAbsent(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
            return this;
        }

        Builder unmapped(UnmappedValue value) {
            unmapped.add(value);
            return this;
        }

        Builder skipped(String recordKey, String reason) {
            skipped.add(new SkippedItem(recordKey, reason));
            return this;
        }

        MappingResult build() {
            return new MappingResult(records, new ArrayList<>(devices.values()), unmapped, skipped);
        }
    }
}
