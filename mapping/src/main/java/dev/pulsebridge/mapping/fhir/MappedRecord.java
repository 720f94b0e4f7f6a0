package dev.pulsebridge.mapping.fhir;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Resource;

/**
 * Everything one Withings record (a measure group, a night, a day, a workout, an ECG) yields now.
 * Comparing with what it yielded before tells a caller what changed and what disappeared.
 *
 * @param recordKey e.g. {@code getmeas:4815757309}, {@code sleep:3451311759}, {@code activity:2023-10-20}
 */
public record MappedRecord(String recordKey, List<Resource> resources) {

    public MappedRecord {
        resources = List.copyOf(resources);
    }

    public Set<String> resourceIds() {
        return resources.stream().map(r -> r.getIdElement().getIdPart()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Ids the record produced before but no longer does (a type removed from a group, a field gone from a night). */
    public Set<String> retiredSince(Set<String> previousResourceIds) {
        Set<String> retired = new LinkedHashSet<>(previousResourceIds);
        retired.removeAll(resourceIds());
        return retired;
    }

    /** The stored version of a retired Observation, marked as no longer valid rather than deleted. */
    public static Observation enteredInError(Observation previous) {
        Observation retired = previous.copy();
        retired.setStatus(org.hl7.fhir.r5.model.Enumerations.ObservationStatus.ENTEREDINERROR);
        return retired;
    }

    public List<Observation> observations() {
        return resources.stream().filter(Observation.class::isInstance).map(Observation.class::cast).toList();
    }
}
