package dev.pulsebridge.server.secrets;

import dev.pulsebridge.server.database.LocalPostgres;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsConfig {

    @Bean
    SecretCipher secretCipher(SecretsProperties properties, ObjectProvider<LocalPostgres> embeddedDatabase) {
        boolean embedded = embeddedDatabase.getIfAvailable() != null;
        return new SecretCipher(SecretKeySource.resolve(properties, embedded));
    }
}
