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
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import dev.pulsebridge.server.fhir.ObservationLastN;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
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
    private static final int LOAD_BATCH = 500;

    private final ReadingStore store;
    private final DaoRegistry daos;
    private final ReadModelSwitch readModel;

    LastNReadings(ReadingStore store, DaoRegistry daos, ReadModelSwitch readModel) {
        this.store = store;
        this.daos = daos;
        this.readModel = readModel;
    }

    private static List<List<String>> batches(List<String> ids) {
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += LOAD_BATCH) {
            batches.add(ids.subList(from, Math.min(ids.size(), from + LOAD_BATCH)));
        }
        return batches;
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
        Map<String, IBaseResource> byId = new HashMap<>();
        for (List<String> batch : batches(ids)) {
            // one search by _id loads a batch at once: a read per Observation cost most of the answer
            SearchParameterMap search = SearchParameterMap.newSynchronous();
            search.add("_id", new TokenOrListParam(null, batch.toArray(String[]::new)));
            search.setLoadSynchronousUpTo(batch.size());
            daos.getResourceDao(Observation.class).searchForResources(search, new SystemRequestDetails())
                    .forEach(found -> byId.put(found.getIdElement().getIdPart(), found));
        }
        for (String id : ids) {
            IBaseResource found = byId.get(id);
            if (found != null) { // absent: deleted after the read model was asked, not the latest any more
                observations.add(found);
            }
        }
        return new SimpleBundleProvider(observations);
    }
}
