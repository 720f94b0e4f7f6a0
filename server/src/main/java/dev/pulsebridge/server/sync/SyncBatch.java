package dev.pulsebridge.server.sync;

import dev.pulsebridge.mapping.fhir.MappingResult;
import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.List;

/**
 * Everything one fetch mapped, ready to be written for one patient.
 *
 * @param complete  the fetch read every record of the window, so a stored record missing from it was
 *                  deleted at Withings (false for change-since reads and partial reads such as heights only)
 * @param origin    what produced the batch, for the Provenance (e.g. {@code job 42: webhook measures})
 */
record SyncBatch(long accountId, String patientId, DataKind dataKind, FetchWindow window, boolean complete,
        String origin, List<MappingResult> results) {

    SyncBatch {
        results = List.copyOf(results);
    }

    String patientReference() {
        return "Patient/" + patientId;
    }
}
