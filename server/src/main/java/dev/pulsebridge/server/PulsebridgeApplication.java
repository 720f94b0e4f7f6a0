package dev.pulsebridge.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Pulsebridge: a FHIR R5 server (HAPI JPA) that bridges wearable clouds to clinical systems.
 *
 * <p>HAPI drags in Quartz, the Elasticsearch client and Thymeleaf. HAPI runs its own Quartz
 * schedulers and we use neither Elasticsearch nor server-side templates, so Boot's auto-configuration
 * for them would only add startup time, a second scheduler and connection-refused noise.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration",
        "org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration",
        "org.springframework.boot.autoconfigure.mail.MailSenderValidatorAutoConfiguration"
})
@ConfigurationPropertiesScan
public class PulsebridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(PulsebridgeApplication.class, args);
    }

    /** Static: a post-processor of the bean factory must exist before any other bean of this class. */
    @Bean
    static FrozenBeanDefinitions frozenBeanDefinitions() {
        return new FrozenBeanDefinitions();
    }
}
