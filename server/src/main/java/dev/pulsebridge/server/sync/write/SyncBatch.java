package dev.pulsebridge.server.sync.write;

import dev.pulsebridge.mapping.fhir.MappingResult;
import dev.pulsebridge.server.sync.fetch.FetchWindow;
import dev.pulsebridge.server.sync.queue.DataKind;
import java.util.List;

/**
 * Everything one fetch mapped, ready to be written for one patient.
 *
 * @param complete  the fetch read every record of the window, so a stored record missing from it was
 *                  deleted at Withings (false for change-since reads and partial reads such as heights only)
 * @param origin    what produced the batch, for the Provenance (e.g. {@code job 42: webhook measures})
 */
public record SyncBatch(long accountId, String patientId, DataKind dataKind, FetchWindow window, boolean complete,
        String origin, List<MappingResult> results) {

    public SyncBatch {
        results = List.copyOf(results);
    }

    public String patientReference() {
        return "Patient/" + patientId;
    }
}
