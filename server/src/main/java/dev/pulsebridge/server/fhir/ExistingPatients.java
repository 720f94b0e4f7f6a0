package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r5.model.IdType;
import org.hl7.fhir.r5.model.Patient;

/** The patient an instance operation ({@code Patient/{id}/$...}) names, as any FHIR read would find it. */
public final class ExistingPatients {

    private ExistingPatients() {
    }

    /** @return the id part; unknown or deleted patients answer 404/410 as a read would */
    public static String idOf(DaoRegistry daos, IdType patientId, RequestDetails request) {
        return daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request)
                .getIdElement().getIdPart();
    }
}
