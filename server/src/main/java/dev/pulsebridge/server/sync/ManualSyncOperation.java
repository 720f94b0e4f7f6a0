package dev.pulsebridge.server.sync;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import dev.pulsebridge.server.fhir.ExistingPatients;
import dev.pulsebridge.server.fhir.FhirOperationProvider;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import java.time.Clock;
import java.time.Duration;
import org.hl7.fhir.r5.model.CodeType;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.IntegerType;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/{id}/$withings-sync}: asks for an incremental sync of every data kind now, ahead of any
 * backfill. Accepted at most once per {@code pulsebridge.sync.manual-sync-min-interval} per patient; sooner
 * gets 429 with Retry-After; a patient without a connected account gets 409.
 */
@Component
class ManualSyncOperation implements FhirOperationProvider {

    private final DaoRegistry daos;
    private final WithingsAccounts accounts;
    private final ManualSync manualSync;
    private final Clock clock;

    ManualSyncOperation(DaoRegistry daos, WithingsAccounts accounts, ManualSync manualSync, Clock clock) {
        this.daos = daos;
        this.accounts = accounts;
        this.manualSync = manualSync;
        this.clock = clock;
    }

    @Operation(name = "$withings-sync", type = Patient.class, idempotent = false)
    public Parameters sync(@IdParam IdType patientId, RequestDetails request) {
        String patient = ExistingPatients.idOf(daos, patientId, request);
        WithingsAccount account = accounts.forPatient(patient).filter(WithingsAccount::connected)
                .orElseThrow(() -> new UnclassifiedServerFailureException(409, "Patient/" + patient
                        + " has no connected Withings account; link one with $withings-connect"));
        ManualSync.Request queued = manualSync.request(account.id());
        if (!queued.accepted()) {
            long seconds = Math.max(1, Duration.between(clock.instant(), queued.retryAfter()).toSeconds());
            UnclassifiedServerFailureException tooSoon = new UnclassifiedServerFailureException(429,
                    "A sync for Patient/" + patient + " was requested moments ago; try again in " + seconds + " s");
            tooSoon.addResponseHeader("Retry-After", Long.toString(seconds));
            throw tooSoon;
        }
        Parameters out = new Parameters();
        out.addParameter().setName("status").setValue(new CodeType("queued"));
        queued.jobIds().forEach(id -> out.addParameter().setName("job").setValue(new IntegerType(Math.toIntExact(id))));
        return out;
    }
}
