package dev.pulsebridge.server.secrets;

import dev.pulsebridge.server.database.DatabaseKind;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsConfig {

    @Bean
    SecretCipher secretCipher(SecretsProperties properties, @Value("${spring.datasource.url}") String jdbcUrl) {
        return new SecretCipher(SecretKeySource.resolve(properties, DatabaseKind.fromJdbcUrl(jdbcUrl)));
    }
}
