package dev.pulsebridge.server.readings;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read model's capture is registered with HAPI's interceptor service, not only the REST server, so
 * the sync engine's in-process writes keep it current too. {@code pulsebridge.readings.enabled=false}
 * leaves it out (for measuring what it costs only: {@code $lastn} and {@code $stats} then answer 501).
 */
@Configuration(proxyBeanMethods = false)
class ReadingsConfig {

    @Bean
    ReadingCapture readingCapture(IInterceptorService interceptors, ReadingStore store, ReadModelSwitch enabled) {
        ReadingCapture capture = new ReadingCapture(store);
        if (enabled.on()) {
            interceptors.registerInterceptor(capture);
        }
        return capture;
    }
}
