package dev.pulsebridge.server.terminology;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.pulsebridge.terminology.Canonicals;
import dev.pulsebridge.terminology.TerminologyResources;
import java.util.List;
import org.hl7.fhir.r5.model.CanonicalResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Writes the terminology generated from the code table (CodeSystems, LOINC fragment, ValueSet,
 * ConceptMap) into the FHIR store at startup. Each resource has a fixed id, so a restart rewrites
 * it in place: HAPI keeps the version when nothing changed and adds one when a new release changed
 * the table.
 */
@Component
class TerminologyPublisher implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TerminologyPublisher.class);

    private final DaoRegistry daos;

    TerminologyPublisher(DaoRegistry daos) {
        this.daos = daos;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<CanonicalResource> resources = TerminologyResources.all();
        int changed = 0;
        for (CanonicalResource resource : resources) {
            if (publish(resource)) {
                changed++;
            }
        }
        log.info("Terminology {}: {} resources published, {} changed", Canonicals.TERMINOLOGY_VERSION,
                resources.size(), changed);
    }

    @SuppressWarnings("unchecked")
    private boolean publish(CanonicalResource resource) {
        IFhirResourceDao<CanonicalResource> dao = daos.getResourceDao(resource.fhirType());
        DaoMethodOutcome outcome = dao.update(resource, new SystemRequestDetails());
        return !outcome.isNop();
    }
}
