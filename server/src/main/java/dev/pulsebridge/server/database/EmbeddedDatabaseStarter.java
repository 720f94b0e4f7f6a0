package dev.pulsebridge.server.database;

import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * The no-setup default: with no {@code spring.datasource.url} configured, starts {@link LocalPostgres}
 * in {@code pulsebridge.database.embedded.directory} and points the datasource at it. It runs as a bean
 * factory post-processor because that is the earliest point at which every property source (test
 * properties included) is known and no bean has touched the database yet. The server is registered
 * as the first disposable singleton, so the context stops it last, after everything that uses it.
 */
@Component
class EmbeddedDatabaseStarter implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    static final String URL = "spring.datasource.url";
    static final String DIRECTORY = "pulsebridge.database.embedded.directory";
    static final String PORT = "pulsebridge.database.embedded.port";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseStarter.class);

    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String configured = environment.getProperty(URL);
        if (configured != null && !configured.isBlank()) {
            return;
        }
        Path directory = Path.of(environment.getRequiredProperty(DIRECTORY));
        long started = System.nanoTime();
        LocalPostgres postgres = LocalPostgres.start(directory, environment.getRequiredProperty(PORT, Integer.class));
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
                URL, postgres.jdbcUrl(),
                "spring.datasource.username", postgres.username(),
                "spring.datasource.password", postgres.password())));
        beanFactory.registerSingleton("embeddedPostgres", postgres);
        ((DefaultListableBeanFactory) beanFactory).registerDisposableBean("embeddedPostgres", postgres::close);
        log.info("Embedded PostgreSQL ready in {} ms on 127.0.0.1:{}, data kept in {}. To use your own PostgreSQL "
                        + "instead, set spring.datasource.url (SPRING_DATASOURCE_URL) and pulsebridge.secrets.key.",
                (System.nanoTime() - started) / 1_000_000, postgres.port(), postgres.home());
    }
}
