package dev.pulsebridge.server.sync;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.pulsebridge.mapping.fhir.KnownHeight;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.DateTimeType;
import org.hl7.fhir.r5.model.Enumerations.ObservationStatus;
import org.hl7.fhir.r5.model.Observation;
import org.hl7.fhir.r5.model.Quantity;
import org.springframework.stereotype.Component;

/** The patient's newest stored body height, which BMI needs when a weigh-in comes without one. */
@Component
class StoredHeights {

    private static final String LOINC_BODY_HEIGHT = "8302-2";

    private final DaoRegistry daos;

    StoredHeights(DaoRegistry daos) {
        this.daos = daos;
    }

    Optional<KnownHeight> latest(String patientId) {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.add("subject", new ReferenceParam("Patient/" + patientId));
        search.add("code", new TokenParam("http://loinc.org", LOINC_BODY_HEIGHT));
        search.setSort(new SortSpec("date", SortOrderEnum.DESC));
        search.setCount(5);
        IBundleProvider found = daos.getResourceDao("Observation").search(search, new SystemRequestDetails());
        for (IBaseResource resource : found.getResources(0, 5)) {
            Observation observation = (Observation) resource;
            if (observation.getStatus() == ObservationStatus.ENTEREDINERROR || !observation.hasValueQuantity()
                    || !(observation.getEffective() instanceof DateTimeType taken)) {
                continue;
            }
            return metres(observation.getValueQuantity()).map(metres -> new KnownHeight(metres,
                    taken.getValue().toInstant(), observation.getIdElement().getIdPart()));
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> metres(Quantity quantity) {
        if ("cm".equals(quantity.getCode())) {
            return Optional.of(quantity.getValue().divide(BigDecimal.valueOf(100), MathContext.DECIMAL64));
        }
        if ("m".equals(quantity.getCode())) {
            return Optional.of(quantity.getValue());
        }
        return Optional.empty();
    }
}
