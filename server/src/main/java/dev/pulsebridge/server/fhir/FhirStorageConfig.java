package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r5.JpaR5Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import dev.pulsebridge.server.database.HibernateSettings;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI's JPA storage layer for FHIR R5: the DAOs, search, terminology and batch jobs, on the
 * application's one DataSource.
 *
 * <p>We import HAPI's R5 and batch configuration directly rather than the JPA starter, and nothing
 * else: no MDM, clinical reasoning, IPS or Hibernate Search, each of which costs startup time.
 */
@Configuration(proxyBeanMethods = false)
@Import({
        JpaR5Config.class,
        HapiJpaConfig.class,
        JpaBatch2Config.class,
        Batch2JobsConfig.class,
        ThreadPoolFactoryConfig.class,
        // the in-process message broker; batch2 jobs (reindex, expunge, export) run over it
        SubscriptionChannelConfig.class
})
public class FhirStorageConfig {

    /**
     * References under this base are logical: stored and searchable as written, never resolved. The audit
     * log names what a request touched this way, so a record stays valid after the resource is deleted
     * (or when it never existed), and an audited resource can still be deleted.
     */
    public static final String LOGICAL_AUDIT_BASE = "https://pulsebridge.dev/fhir/audit-subject/";

    /** Static: a BeanPostProcessor must exist before the beans it watches. */
    @Bean
    public static CoreDefinitionsLoading coreDefinitionsLoading() {
        return new CoreDefinitionsLoading();
    }

    @Bean
    public JpaStorageSettings jpaStorageSettings(FhirServerProperties server) {
        JpaStorageSettings settings = new JpaStorageSettings();
        // HAPI answers the first page from a first, synchronous load of result ids (13 by default);
        // a page needing more waits for the background continuation, which HAPI polls every 500 ms, so
        // a plain search with the default 20 per page took over a second. Loading one largest page plus
        // one row (to know whether a next page exists) up front keeps every first page synchronous.
        settings.setSearchPreFetchThresholds(List.of(server.maxPageSize() + 1, 2_001, -1));
        // The sync engine writes Observations under deterministic ids derived from Withings keys.
        settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
        settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.SEQUENTIAL_NUMERIC);
        // A reading must be searchable the moment it is stored; HAPI's default reuses identical
        // searches for 60 s, which hides fresh vitals from clinicians.
        settings.setReuseCachedSearchResultsForMillis(null);
        settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
        // Index rows without the repeated parameter name and resource type (searches use the hashes):
        // smaller tables, fewer bytes written per Observation.
        settings.setIndexStorageOptimized(true);
        // No extra string index rows for the display texts inside codes (used only by the :text
        // modifier, which Pulsebridge does not offer): three rows fewer per Observation.
        settings.setSuppressStringIndexingInTokens(true);
        settings.setAutoCreatePlaceholderReferenceTargets(false);
        settings.setEnforceReferentialIntegrityOnWrite(true);
        settings.setEnforceReferentialIntegrityOnDelete(true);
        settings.setAllowMultipleDelete(false);
        // $expunge permanently destroys clinical history; it stays off until authorization exists.
        settings.setExpungeEnabled(false);
        // HAPI queues concepts beyond this count for a background job; until it runs, $lookup and
        // $validate-code answer "not found" for them. Our code systems are small: store them at once.
        settings.setDeferIndexingForCodesystemsOfSize(5_000);
        // HAPI's scheduled ValueSet pre-expansion needs Hibernate Search, which is off here, and logged an
        // ERROR for our ValueSet at every start; our own expansion (OwnValueSetExpansion) answers $expand.
        settings.setEnableTaskPreExpandValueSets(false);
        settings.setAllowExternalReferences(false);
        settings.addTreatReferencesAsLogical(LOGICAL_AUDIT_BASE + "*");
        return settings;
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    public SubscriptionSettings subscriptionSettings() {
        return new SubscriptionSettings();
    }

    @Bean
    public IBinaryStorageSvc binaryStorageSvc() {
        return new DatabaseBinaryContentStorageSvcImpl();
    }

    @Bean
    @Primary
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource,
            HibernateSettings hibernateSettings) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaPropertyMap(hibernateSettings.asMap());
        return factory;
    }

    @Bean
    @Primary
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }
}
