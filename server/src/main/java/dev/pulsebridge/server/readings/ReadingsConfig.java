package dev.pulsebridge.server.readings;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read model's capture is registered with HAPI's interceptor service, not only the REST server, so
 * the sync engine's in-process writes keep it current too.
 */
@Configuration(proxyBeanMethods = false)
class ReadingsConfig {

    @Bean
    ReadingCapture readingCapture(IInterceptorService interceptors, ReadingStore store) {
        ReadingCapture capture = new ReadingCapture(store);
        interceptors.registerInterceptor(capture);
        return capture;
    }
}
