package dev.pulsebridge.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.pulsebridge.server.support.ServerIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.Device;
import org.hl7.fhir.r5.model.Meta;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Two accounts sharing a device write it at the same moment: both sync writes must land. */
class WriteConflictRetriesIT extends ServerIntegrationTest {

    private static final int ROUNDS = 10;

    @Autowired
    private IFhirSystemDao<Bundle, Meta> systemDao;

    private static Bundle creatingDevice(String id, String owner) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Device device = new Device();
        device.setId("Device/" + id);
        device.addName().setValue("Shared scale").setType(org.hl7.fhir.r5.model.Enumerations.DeviceNameType.USERFRIENDLYNAME);
        device.addNote().setText("written for " + owner);
        transaction.addEntry().setResource(device).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Device/" + id);
        return transaction;
    }

    @Test
    void syncWritesRacingToCreateTheSameDeviceBothLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> failures = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String id = "race-" + UUID.randomUUID();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> writers = new ArrayList<>();
                for (String owner : List.of("account-1", "account-2")) {
                    writers.add(pool.submit(() -> {
                        SystemRequestDetails request = WriteConflictRetries.retryingRequest();
                        start.await(30, TimeUnit.SECONDS);
                        return systemDao.transaction(request, creatingDevice(id, owner));
                    }));
                }
                for (Future<?> writer : writers) {
                    try {
                        writer.get(1, TimeUnit.MINUTES);
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause().getMessage());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).isEmpty();
    }
}
