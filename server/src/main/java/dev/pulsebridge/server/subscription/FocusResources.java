package dev.pulsebridge.server.subscription;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Resource;
import org.springframework.stereotype.Component;

/** Reads the focus of events as it was at each event (that version, not the latest). */
@Component
class FocusResources {

    private final DaoRegistry daos;

    FocusResources(DaoRegistry daos) {
        this.daos = daos;
    }

    /** By event number; a version that cannot be read any more (deleted) is left out. */
    Map<Long, Resource> resources(List<StoredEvent> events) {
        Map<Long, Resource> resources = new HashMap<>();
        for (StoredEvent event : events) {
            try {
                Resource resource = (Resource) daos.getResourceDao(event.focusType()).read(
                        new IdType(event.focusType(), event.focusId(), String.valueOf(event.focusVersion())),
                        new SystemRequestDetails());
                resources.put(event.eventNumber(), resource);
            } catch (BaseServerResponseException e) {
                // a deleted version: the notification still names it by fullUrl
            }
        }
        return resources;
    }
}
