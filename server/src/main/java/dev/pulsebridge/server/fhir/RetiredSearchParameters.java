package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Switches off R5 Observation search parameters whose index rows cost more than they give: HAPI
 * extracts every active parameter of every Observation it stores with FHIRPath, and during a backfill
 * that extraction is the largest share of the CPU. The {@code combo-*} parameters index the code and
 * value a second time together with the components' (the plain and {@code component-*} parameters
 * already answer those searches); the others point at elements no vital sign carries. A stored
 * SearchParameter with the built-in's code and status {@code retired} is how HAPI lets a server drop a
 * built-in parameter; they are written at every start under fixed ids, so this is idempotent.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RetiredSearchParameters implements ApplicationRunner {

    /** Observation parameters not indexed; searching with one is refused as an unknown parameter. */
    static final List<String> OBSERVATION = List.of(
            "combo-code", "combo-code-value-concept", "combo-code-value-quantity", "combo-data-absent-reason",
            "combo-value-concept", "combo-value-quantity", "code-value-date", "value-date",
            "value-markdown", "value-canonical", "value-reference", "component-value-canonical",
            "component-value-reference", "component-data-absent-reason", "specimen", "focus", "part-of",
            // coded values are searched by value-concept; no query pairs one with a code, and no Withings
            // component carries one
            "code-value-concept", "component-code-value-concept", "component-value-concept",
            "based-on");

    private static final Logger log = LoggerFactory.getLogger(RetiredSearchParameters.class);

    private final DaoRegistry daos;
    private final FhirContext fhir;
    private final ISearchParamRegistry registry;
    private final TransactionTemplate transactions;

    RetiredSearchParameters(DaoRegistry daos, FhirContext fhir, ISearchParamRegistry registry,
            PlatformTransactionManager transactionManager) {
        this.daos = daos;
        this.fhir = fhir;
        this.registry = registry;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void run(ApplicationArguments args) {
        @SuppressWarnings("unchecked")
        IFhirResourceDao<SearchParameter> dao = daos.getResourceDao("SearchParameter");
        // One commit for all of them: HAPI rebuilds its search-parameter cache after each committed change
        // to a SearchParameter, and on an empty database each rebuild logged the same warnings again.
        int changed = transactions.execute(status -> {
            int count = 0;
            for (String code : OBSERVATION) {
                RuntimeSearchParam builtIn = fhir.getResourceDefinition("Observation").getSearchParam(code);
                if (builtIn == null) {
                    throw new IllegalStateException("R5 Observation has no search parameter '" + code + "'");
                }
                if (!dao.update(retired("Observation", builtIn), new SystemRequestDetails()).isNop()) {
                    count++;
                }
            }
            return count;
        });
        if (changed > 0) {
            registry.forceRefresh();
        }
        log.info("{} Observation search parameters not indexed ({} changed)", OBSERVATION.size(), changed);
    }

    static SearchParameter retired(String resourceType, RuntimeSearchParam builtIn) {
        SearchParameter parameter = new SearchParameter();
        parameter.setId("pb-retired-" + resourceType.toLowerCase() + "-" + builtIn.getName());
        parameter.setUrl(builtIn.getUri());
        parameter.setName(builtIn.getName());
        parameter.setCode(builtIn.getName());
        parameter.setStatus(Enumerations.PublicationStatus.RETIRED);
        parameter.setDescription("Not indexed by Pulsebridge (write cost without a use for Withings data)");
        parameter.addBase(Enumerations.VersionIndependentResourceTypesAll.fromCode(resourceType));
        parameter.setType(Enumerations.SearchParamType.fromCode(builtIn.getParamType().getCode()));
        parameter.setExpression(builtIn.getPath());
        for (RuntimeSearchParam.Component component : builtIn.getComponents()) {
            parameter.addComponent().setDefinition(component.getReference()).setExpression(component.getExpression());
        }
        return parameter;
    }
}
