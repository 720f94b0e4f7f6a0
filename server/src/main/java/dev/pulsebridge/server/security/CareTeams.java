package dev.pulsebridge.server.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.CareTeam;
import org.springframework.stereotype.Component;

/**
 * Which patients a clinician looks after: the subjects of every CareTeam that names their Practitioner
 * as a participant, unless the team is inactive or entered in error. A CareTeam is how FHIR says "these
 * people look after this patient", and it is what an EHR already writes; a clinician with the admin role
 * sees every patient instead.
 */
@Component
class CareTeams {

    private final DaoRegistry daos;

    CareTeams(DaoRegistry daos) {
        this.daos = daos;
    }

    /**
     * The same answers, each kept for {@code lifetime}: for work that asks on every stored change (a
     * clinician's subscription is checked against each one), where a team change may show a moment late.
     */
    CareTeams remembering(java.time.Duration lifetime) {
        CareTeams source = this;
        java.util.Map<String, Remembered> answers = new java.util.concurrent.ConcurrentHashMap<>();
        return new CareTeams(daos) {
            @Override
            Set<String> patientIdsOf(String practitioner) {
                long now = System.nanoTime();
                Remembered known = answers.get(practitioner);
                if (known != null && now - known.at() < lifetime.toNanos()) {
                    return known.patients();
                }
                Set<String> patients = Set.copyOf(source.patientIdsOf(practitioner));
                answers.put(practitioner, new Remembered(patients, now));
                return patients;
            }
        };
    }

    private record Remembered(Set<String> patients, long at) {
    }

    /** @param practitioner a relative reference, {@code Practitioner/y} */
    Set<String> patientIdsOf(String practitioner) {
        SearchParameterMap search = SearchParameterMap.newSynchronous("participant", new ReferenceParam(practitioner));
        Set<String> patients = new LinkedHashSet<>();
        for (IBaseResource found : daos.getResourceDao(CareTeam.class).searchForResources(search, new SystemRequestDetails())) {
            CareTeam team = (CareTeam) found;
            if (team.getStatus() == CareTeam.CareTeamStatus.INACTIVE
                    || team.getStatus() == CareTeam.CareTeamStatus.ENTEREDINERROR) {
                continue;
            }
            if (team.getSubject().getReferenceElement().getResourceType() != null
                    && team.getSubject().getReferenceElement().getResourceType().equals("Patient")) {
                patients.add(team.getSubject().getReferenceElement().getIdPart());
            }
        }
        return patients;
    }
}
