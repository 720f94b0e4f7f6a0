package dev.pulsebridge.server.withings.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.NotImplementedOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.pulsebridge.server.fhir.ExistingPatients;
import dev.pulsebridge.server.fhir.FhirOperationProvider;
import dev.pulsebridge.server.withings.PublicUrls;
import dev.pulsebridge.server.withings.WithingsProperties;
import dev.pulsebridge.server.withings.account.WithingsAccount;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import dev.pulsebridge.server.withings.link.BackfillSpan;
import dev.pulsebridge.server.withings.link.WithingsLinks;
import dev.pulsebridge.server.withings.notify.WithingsNotifySubscriptions;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r5.model.CodeType;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.InstantType;
import org.hl7.fhir.r5.model.IntegerType;
import org.hl7.fhir.r5.model.Parameters;
import org.hl7.fhir.r5.model.Patient;
import org.hl7.fhir.r5.model.StringType;
import org.hl7.fhir.r5.model.UrlType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/{id}/$withings-connect}, {@code $withings-status} and {@code $withings-disconnect}: how
 * a clinician or an EHR links a patient to Withings, watches the link and ends it. Features that add to
 * the status (the sync engine) do so through {@link WithingsStatusContributor}; {@code $withings-sync}
 * belongs to the sync engine ({@code ManualSyncOperation}).
 */
@Component
class WithingsOperations implements FhirOperationProvider {

    private static final Logger log = LoggerFactory.getLogger(WithingsOperations.class);
    static final String NOT_LINKED = "not-linked";

    private final DaoRegistry daos;
    private final WithingsLinks links;
    private final WithingsAccounts accounts;
    private final WithingsNotifySubscriptions notifySubscriptions;
    private final PublicUrls urls;
    private final WithingsProperties properties;
    private final List<WithingsStatusContributor> contributors;

    WithingsOperations(DaoRegistry daos, WithingsLinks links, WithingsAccounts accounts,
            WithingsNotifySubscriptions notifySubscriptions, PublicUrls urls, WithingsProperties properties,
            List<WithingsStatusContributor> contributors) {
        this.daos = daos;
        this.links = links;
        this.accounts = accounts;
        this.notifySubscriptions = notifySubscriptions;
        this.urls = urls;
        this.properties = properties;
        this.contributors = contributors;
    }

    /** A one-time link for the patient to open; it leads to Withings' consent page. */
    @Operation(name = "$withings-connect", type = Patient.class, idempotent = false)
    public Parameters connect(@IdParam IdType patientId,
            @OperationParam(name = "backfill", min = 0, max = 1) StringType backfill, RequestDetails request) {
        String patient = existingPatient(patientId, request);
        String span = null;
        if (backfill != null && backfill.hasValue()) {
            try {
                span = BackfillSpan.parse(backfill.getValue()).text();
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        }
        if (!properties.configured()) {
            throw new NotImplementedOperationException("Withings is not configured on this server: set "
                    + "pulsebridge.withings.client-id and pulsebridge.withings.client-secret (or run with the demo profile)");
        }
        WithingsLinks.IssuedLink link = links.create(patient, urls.base(request.getFhirServerBase()), span);
        Parameters out = new Parameters();
        out.addParameter().setName("url").setValue(new UrlType(link.url()));
        out.addParameter().setName("expires").setValue(instant(link.expires()));
        return out;
    }

    @Operation(name = "$withings-status", type = Patient.class, idempotent = true)
    public Parameters status(@IdParam IdType patientId, RequestDetails request) {
        String patient = existingPatient(patientId, request);
        Parameters out = new Parameters();
        accounts.forPatient(patient).ifPresentOrElse(account -> {
            out.addParameter().setName("status").setValue(new CodeType(account.status().code()));
            optional(out, "statusReason", account.statusReason());
            out.addParameter().setName("statusChangedAt").setValue(instant(account.statusChangedAt()));
            optional(out, "withingsUserId", account.withingsUserId());
            account.scopes().forEach(scope -> out.addParameter("scope", scope));
            if (account.linkedAt() != null) {
                out.addParameter().setName("linkedAt").setValue(instant(account.linkedAt()));
            }
            if (account.tokenExpiresAt() != null) {
                out.addParameter().setName("accessTokenExpires").setValue(instant(account.tokenExpiresAt()));
            }
            if (account.lastSyncAt() != null) {
                out.addParameter().setName("lastSuccessfulSync").setValue(instant(account.lastSyncAt()));
            }
            optional(out, "lastError", account.lastError());
            if (account.lastErrorAt() != null) {
                out.addParameter().setName("lastErrorAt").setValue(instant(account.lastErrorAt()));
            }
            contributors.forEach(contributor -> contributor.contribute(account, out));
        }, () -> out.addParameter().setName("status").setValue(new CodeType(NOT_LINKED)));
        links.latest(patient).ifPresent(link -> {
            Parameters.ParametersParameterComponent part = out.addParameter().setName("latestLink");
            part.addPart().setName("created").setValue(instant(link.createdAt()));
            part.addPart().setName("expires").setValue(instant(link.expiresAt()));
            part.addPart().setName("state").setValue(new CodeType(link.used() ? "used" : link.open() ? "open" : "expired"));
            if (link.lastError() != null) {
                part.addPart().setName("lastError").setValue(new StringType(link.lastError()));
            }
        });
        return out;
    }

    /**
     * Ends the link: our webhook subscriptions at Withings are revoked (best effort: a patient whose grant
     * is already gone must still be disconnectable), the tokens are deleted, the account becomes
     * {@code revoked}. The patient's Observations stay.
     */
    @Operation(name = "$withings-disconnect", type = Patient.class, idempotent = false)
    public Parameters disconnect(@IdParam IdType patientId, RequestDetails request) {
        String patient = existingPatient(patientId, request);
        WithingsAccount account = accounts.forPatient(patient).orElseThrow(() -> new ResourceNotFoundException(
                "Patient/" + patient + " has no Withings link to disconnect"));
        Parameters out = new Parameters();
        if (account.connected()) {
            try {
                int revoked = notifySubscriptions.revokeAll(account.id());
                out.addParameter().setName("subscriptionsRevoked").setValue(new IntegerType(revoked));
            } catch (RuntimeException e) {
                log.warn("Could not revoke the Withings subscriptions of Patient/{}: {}", patient, e.getMessage());
                out.addParameter("warning", "Webhook subscriptions at Withings could not be revoked ("
                        + e.getMessage() + "); Pulsebridge ignores notifications for revoked accounts.");
            }
        }
        WithingsAccount revoked = accounts.revoke(patient, "Disconnected through $withings-disconnect").orElse(account);
        out.getParameter().add(0, new Parameters.ParametersParameterComponent().setName("status")
                .setValue(new CodeType(revoked.status().code())));
        return out;
    }

    private String existingPatient(IdType patientId, RequestDetails request) {
        return ExistingPatients.idOf(daos, patientId, request);
    }

    private static void optional(Parameters out, String name, String value) {
        if (value != null && !value.isBlank()) {
            out.addParameter(name, value);
        }
    }

    private static InstantType instant(Instant instant) {
        return new InstantType(Date.from(instant));
    }
}
