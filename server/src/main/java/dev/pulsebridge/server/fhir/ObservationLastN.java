package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;

/**
 * {@code Observation/$lastn} as Pulsebridge answers it (from PostgreSQL, not HAPI's Elasticsearch-backed
 * implementation). The FHIR endpoint binds the operation as HAPI declares it and hands every call here.
 */
public interface ObservationLastN {

    /** @param max Observations per code, 1 when absent */
    IBundleProvider lastN(RequestDetails request, Integer max, TokenAndListParam category, TokenAndListParam code,
            DateAndListParam date, ReferenceAndListParam patient, ReferenceAndListParam subject);
}
