package dev.pulsebridge.server.secrets;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param key        base64 of 32 random bytes ({@code openssl rand -base64 32}); required with a configured
 *                   {@code spring.datasource.url}
 * @param devKeyFile where the embedded-database default keeps the key it generates, next to its data
 */
@ConfigurationProperties("pulsebridge.secrets")
public record SecretsProperties(String key, @DefaultValue("./data/secrets.key") Path devKeyFile) {

    @Override
    public String toString() {
        return "SecretsProperties[key=" + (key == null || key.isBlank() ? "<unset>" : "<set>") + ", devKeyFile="
                + devKeyFile + "]";
    }
}
