package dev.pulsebridge.server.readings;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.pulsebridge.server.fhir.ObservationLastN;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Observation;
import org.springframework.stereotype.Component;

/**
 * {@code Observation/$lastn} from the read model: per patient and per code, the newest {@code max}
 * Observations (by effective time) that match the category, code and date filters, entered-in-error and
 * cancelled ones left out; grouped by code, newest first. The Observations themselves are then read from
 * the FHIR store, and pass the caller's scopes on the way out like any search result.
 */
@Component
class LastNReadings implements ObservationLastN {

    static final int MAX_PER_CODE = 1000;

    private final ReadingStore store;
    private final DaoRegistry daos;
    private final ReadModelSwitch readModel;

    LastNReadings(ReadingStore store, DaoRegistry daos, ReadModelSwitch readModel) {
        this.store = store;
        this.daos = daos;
        this.readModel = readModel;
    }

    @Override
    public IBundleProvider lastN(RequestDetails request, Integer max, TokenAndListParam category, TokenAndListParam code,
            DateAndListParam date, ReferenceAndListParam patient, ReferenceAndListParam subject) {
        readModel.required("$lastn");
        int perCode = max == null ? 1 : max;
        if (perCode < 1 || perCode > MAX_PER_CODE) {
            throw new InvalidRequestException("max must be between 1 and " + MAX_PER_CODE);
        }
        Instant[] window = ReadingFilters.window(date);
        List<String> ids = store.latest(ReadingFilters.patients(patient, subject), ReadingFilters.tokens(code),
                ReadingFilters.tokens(category), window[0], window[1], perCode);
        List<IBaseResource> observations = new ArrayList<>(ids.size());
        for (String id : ids) {
            try {
                observations.add(daos.getResourceDao(Observation.class).read(new IdType("Observation", id),
                        new SystemRequestDetails()));
            } catch (ResourceNotFoundException | ResourceGoneException e) {
                // deleted after the read model was asked: not the latest any more
            }
        }
        return new SimpleBundleProvider(observations);
    }
}
