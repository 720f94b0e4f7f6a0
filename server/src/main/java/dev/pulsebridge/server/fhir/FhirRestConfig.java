package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import java.util.List;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.validation.IValidatorModule;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.rp.r5.ObservationResourceProvider;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR REST endpoint at {@code /fhir}: one JPA resource provider per R5 resource type, the
 * system-level operations (transaction, batch, history) and terminology operations.
 *
 * <p>Admin providers that HAPI offers (terminology upload, $reindex, $expunge, bulk import) are not
 * registered: they are unauthenticated in HAPI and nothing in Pulsebridge needs them over REST.
 */
@Configuration(proxyBeanMethods = false)
public class FhirRestConfig {

    static final String FHIR_PATH = "/fhir/*";

    @Bean
    public RestfulServer fhirRestfulServer(
            IFhirSystemDao<?, ?> systemDao,
            ResourceProviderFactory resourceProviders,
            JpaSystemProvider<?, ?> systemProvider,
            ValueSetOperationProvider valueSetOperations,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider,
            EdgeValidationInterceptor requestValidation,
            List<FhirRestInterceptor> featureInterceptors,
            List<FhirOperationProvider> featureOperations,
            FhirServerProperties properties,
            ObservationProvider observationProvider) {
        RestfulServer server = new RestfulServer(systemDao.getContext());
        // HAPI's Observation endpoint answers $lastn only with Elasticsearch: ours answers it from PostgreSQL
        server.registerProviders(resourceProviders.createProviders().stream()
                .filter(provider -> !(provider instanceof ObservationResourceProvider)).toList());
        server.registerProvider(observationProvider);
        server.registerProvider(systemProvider);
        server.registerProvider(valueSetOperations);
        server.registerProviders(List.copyOf(featureOperations));

        JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        capabilities.setImplementationDescription("Pulsebridge FHIR R5 server");
        server.setServerConformanceProvider(capabilities);

        pagingProvider.setDefaultPageSize(properties.defaultPageSize());
        pagingProvider.setMaximumPageSize(properties.maxPageSize());
        server.setPagingProvider(pagingProvider);

        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setServerAddressStrategy(properties.publicBaseUrl().isBlank()
                ? new IncomingRequestAddressStrategy()
                : new HardcodedServerAddressStrategy(properties.publicBaseUrl()));
        // Browsers get readable, syntax-highlighted responses; API clients are unaffected.
        server.registerInterceptor(new ResponseHighlighterInterceptor());
        server.registerInterceptor(requestValidation);
        featureInterceptors.forEach(server::registerInterceptor);
        return server;
    }

    /** A bean, so HAPI's injected collaborators of a resource provider are injected into it too. */
    @Bean
    ObservationProvider observationProvider(DaoRegistry daos, ObservationLastN lastN) {
        ObservationProvider provider = new ObservationProvider(lastN);
        provider.setContext(daos.getSystemDao().getContext());
        provider.setDao(daos.getResourceDao(org.hl7.fhir.r5.model.Observation.class));
        return provider;
    }

    @Bean
    public EdgeValidationInterceptor edgeValidationInterceptor(IValidatorModule instanceValidator) {
        return new EdgeValidationInterceptor(instanceValidator);
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer fhirRestfulServer) {
        ServletRegistrationBean<RestfulServer> registration =
                new ServletRegistrationBean<>(fhirRestfulServer, FHIR_PATH);
        registration.setName("fhir");
        // Initialise providers at startup, so "started" means "ready to serve /fhir/metadata".
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ReadinessGate> fhirReadinessGate(ApplicationAvailability availability) {
        FilterRegistrationBean<ReadinessGate> registration = new FilterRegistrationBean<>(new ReadinessGate(availability));
        registration.addUrlPatterns(FHIR_PATH);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> fhirRequestSizeLimit(FhirServerProperties properties) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
                new RequestSizeLimit(properties.maxRequestSize().toBytes()));
        registration.addUrlPatterns(FHIR_PATH);
        return registration;
    }

    /**
     * A client that sends {@code Expect: 100-continue} hears the answer before it uploads the body: Tomcat
     * says "continue" only when the body is read, so a body refused by its declared length (413) is never sent.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnlyWhenTheBodyIsRead() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }

    @Bean
    FilterRegistrationBean<FhirBasePage> fhirBasePage() {
        FilterRegistrationBean<FhirBasePage> registration = new FilterRegistrationBean<>(new FhirBasePage());
        registration.addUrlPatterns(FHIR_PATH);
        return registration;
    }
}
