package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.fhir.MappingResult;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.List;
import java.util.Set;

/**
 * Everything one fetch mapped, ready to be written for one patient.
 *
 * @param complete  the fetch read every record of the window, so a stored record missing from it was
 *                  deleted at Withings (false for change-since reads and partial reads such as heights only)
 * @param origin    what produced the batch, for the Provenance (e.g. {@code job 42: webhook measures})
 * @param present   keys of records the window holds that earlier pages of the same read brought: a
 *                  complete batch does not take them for deleted
 */
record SyncBatch(long accountId, String patientId, DataKind dataKind, FetchWindow window, boolean complete,
        String origin, List<MappingResult> results, Set<String> present) {

    SyncBatch {
        results = List.copyOf(results);
        present = Set.copyOf(present);
    }

    String patientReference() {
        return "Patient/" + patientId;
    }
}
