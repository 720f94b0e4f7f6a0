package dev.pulsebridge.server.sync;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.pulsebridge.mapping.fhir.MappedRecord;
import dev.pulsebridge.mapping.fhir.MappingResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.InstantType;
import org.hl7.fhir.r5.model.Meta;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Period;
import org.hl7.fhir.r5.model.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one fetch's worth of mapped Withings records into the FHIR store, in one transaction through
 * HAPI's DAO layer, under the mapping's deterministic ids. Records whose content is what we stored last
 * time are not written at all (a replayed webhook costs no FHIR write and no new version); records that
 * disappeared from a completely read window, and resources a changed record no longer yields, are marked
 * entered-in-error. A Provenance names the fetch behind every batch that changed something.
 */
@Component
class FhirSyncWriter {

    private final IFhirSystemDao<Bundle, Meta> systemDao;
    private final DaoRegistry daos;
    private final FhirContext fhir;
    private final RecordLedger ledger;
    private final TransactionTemplate transactions;
    private final SyncProvenance provenance;
    private final Clock clock;

    FhirSyncWriter(IFhirSystemDao<Bundle, Meta> systemDao, DaoRegistry daos, FhirContext fhir, RecordLedger ledger,
            TransactionTemplate transactions, SyncProvenance provenance, Clock clock) {
        this.clock = clock;
        this.systemDao = systemDao;
        this.daos = daos;
        this.fhir = fhir;
        this.ledger = ledger;
        this.transactions = transactions;
        this.provenance = provenance;
    }

    WriteOutcome write(SyncBatch batch) {
        Map<String, MappedRecord> fetched = new LinkedHashMap<>();
        Map<String, Resource> devices = new LinkedHashMap<>();
        for (MappingResult result : batch.results()) {
            result.records().forEach(record -> fetched.put(record.recordKey(), record));
            result.devices().forEach(device -> devices.put(typedId(device), device));
        }
        Map<String, RecordLedger.Entry> stored = ledger.find(batch.accountId(), fetched.keySet());
        List<RecordLedger.Entry> changed = new ArrayList<>();
        List<Resource> writes = new ArrayList<>();
        Set<String> retire = new LinkedHashSet<>();
        IParser parser = fhir.newJsonParser();
        for (MappedRecord record : fetched.values()) {
            RecordLedger.Entry now = new RecordLedger.Entry(record.recordKey(), recordTime(record),
                    hash(parser, record.resources()), typedIds(record.resources()), false);
            RecordLedger.Entry before = stored.get(record.recordKey());
            if (before != null && !before.retired() && before.contentHash().equals(now.contentHash())) {
                continue;
            }
            changed.add(now);
            writes.addAll(record.resources());
            if (before != null) {
                before.resourceIds().stream().filter(id -> !now.resourceIds().contains(id)).forEach(retire::add);
            }
        }
        List<String> vanished = new ArrayList<>();
        if (batch.complete() && batch.window().ranged()) {
            for (RecordLedger.Entry live : ledger.liveWithin(batch.accountId(), batch.dataKind(),
                    batch.window().start(), batch.window().end())) {
                if (!fetched.containsKey(live.recordKey()) && !batch.present().contains(live.recordKey())) {
                    vanished.add(live.recordKey());
                    retire.addAll(live.resourceIds());
                }
            }
        }
        List<Resource> retired = enteredInError(retire);
        if (writes.isEmpty() && retired.isEmpty()) {
            return WriteOutcome.NOTHING;
        }
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        if (!writes.isEmpty()) {
            devices.values().forEach(device -> put(transaction, device));
        }
        writes.forEach(resource -> put(transaction, resource));
        retired.forEach(resource -> put(transaction, resource));
        List<String> targets = new ArrayList<>();
        writes.forEach(resource -> targets.add(typedId(resource)));
        retired.forEach(resource -> targets.add(typedId(resource)));
        transaction.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(provenance.of(batch, targets, clock.instant()))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
        systemDao.transaction(WriteConflictRetries.retryingRequest(), transaction);
        // HAPI runs a transaction bundle in a database transaction of its own, so the ledger follows in a
        // second one. A crash between the two only leaves the ledger behind: the next read of the window
        // rewrites identical resources (no new versions) and re-marks nothing already entered-in-error.
        transactions.executeWithoutResult(status -> {
            for (RecordLedger.Entry entry : changed) {
                ledger.save(batch.accountId(), batch.dataKind(), entry, stored.containsKey(entry.recordKey()));
            }
            vanished.forEach(key -> ledger.retire(batch.accountId(), key));
        });
        int observations = (int) writes.stream().filter(Observation.class::isInstance).count();
        return new WriteOutcome(changed.size(), observations, retired.size());
    }

    /** The stored Observations, now entered-in-error; ones already so, or gone, need no write. */
    private List<Resource> enteredInError(Set<String> typedIds) {
        List<Resource> retired = new ArrayList<>();
        SystemRequestDetails request = new SystemRequestDetails();
        for (String typedId : typedIds) {
            IdType id = new IdType(typedId);
            if (!"Observation".equals(id.getResourceType())) {
                continue;
            }
            try {
                IBaseResource current = daos.getResourceDao("Observation").read(id, request);
                Observation observation = (Observation) current;
                if (observation.getStatus() != ObservationStatus.ENTEREDINERROR) {
                    Observation copy = MappedRecord.enteredInError(observation);
                    copy.setId(id.getIdPart());
                    copy.setMeta(null);
                    retired.add(copy);
                }
            } catch (ResourceNotFoundException | ResourceGoneException gone) {
                // nothing stored under that id any more: nothing to mark
            }
        }
        return retired;
    }

    private static void put(Bundle transaction, Resource resource) {
        String url = typedId(resource);
        transaction.addEntry().setFullUrl(url).setResource(resource)
                .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
    }

    private static String typedId(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    private static Set<String> typedIds(List<Resource> resources) {
        Set<String> ids = new LinkedHashSet<>();
        resources.forEach(resource -> ids.add(typedId(resource)));
        return ids;
    }

    /** When the record was taken: the earliest effective time among its Observations (epoch seconds). */
    static long recordTime(MappedRecord record) {
        long earliest = Long.MAX_VALUE;
        for (Observation observation : record.observations()) {
            Date at = null;
            if (observation.getEffective() instanceof DateTimeType dateTime) {
                at = dateTime.getValue();
            } else if (observation.getEffective() instanceof Period period) {
                at = period.getStart();
            } else if (observation.getEffective() instanceof InstantType instant) {
                at = instant.getValue();
            }
            if (at != null) {
                earliest = Math.min(earliest, at.toInstant().getEpochSecond());
            }
        }
        return earliest == Long.MAX_VALUE ? 0 : earliest;
    }

    private static String hash(IParser parser, List<Resource> resources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Resource resource : resources) {
                digest.update(parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
