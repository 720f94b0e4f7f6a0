package dev.pulsebridge.server.readings;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.pulsebridge.server.settings.ServerSettingStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.Observation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Once per database: fills the read model from the Observations stored before it existed (an upgrade from
 * a version without it). Runs before the server reports ready, so {@code $lastn} and {@code $stats} never
 * answer from a half-built model; later writes keep it current through {@link ReadingCapture}.
 */
@Component
class ReadingIndexBuild implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReadingIndexBuild.class);
    static final String SETTING = "readings.indexed-at";
    private static final int PAGE = 500;

    private final DaoRegistry daos;
    private final ReadingStore store;
    private final ServerSettingStore settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ReadModelSwitch readModel;

    ReadingIndexBuild(DaoRegistry daos, ReadingStore store, ServerSettingStore settings,
            PlatformTransactionManager transactionManager, Clock clock, ReadModelSwitch readModel) {
        this.readModel = readModel;
        this.daos = daos;
        this.store = store;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!readModel.on() || settings.get(SETTING).isPresent()) {
            return;
        }
        IBundleProvider all = daos.getResourceDao(Observation.class).search(new SearchParameterMap(), new SystemRequestDetails());
        int indexed = 0;
        for (int from = 0; ; from += PAGE) {
            List<IBaseResource> page = all.getResources(from, from + PAGE);
            if (page.isEmpty()) {
                break;
            }
            Map<String, List<ReadingRow>> rows = new LinkedHashMap<>();
            page.forEach(resource -> rows.put(resource.getIdElement().getIdPart(), ReadingRows.of((Observation) resource)));
            List<ReadingRow> flat = new ArrayList<>();
            rows.values().forEach(flat::addAll);
            transactions.executeWithoutResult(status -> store.replace(rows.keySet(), flat));
            indexed += page.size();
        }
        settings.getOrCreate(SETTING, () -> clock.instant().toString());
        log.info("Read model for $lastn and $stats built from {} stored Observations", indexed);
    }
}
