package dev.pulsebridge.server.database;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * No SQL statement runs longer than its path allows, and PostgreSQL cancels it when it does: an
 * unexpectedly costly search fails with an error instead of holding a connection and a core for as long as
 * it likes. Three budgets, sized for what each path does: FHIR searches
 * ({@code pulsebridge.database.statement-timeout-search}), other FHIR requests
 * ({@code pulsebridge.database.statement-timeout-request}), and everything else, chiefly background sync
 * writes of a whole Withings page ({@code pulsebridge.database.statement-timeout}). {@code 0} switches a
 * budget off. The background budget is set on every pooled connection when it opens (an {@code options}
 * parameter in the JDBC URL takes precedence); the others are switched per borrow by
 * {@link PathTimedDataSource}.
 */
@Component
public class StatementTimeouts implements BeanPostProcessor {

    private final Duration background;
    private final Duration search;
    private final Duration request;

    StatementTimeouts(@Value("${pulsebridge.database.statement-timeout:120s}") Duration background,
            @Value("${pulsebridge.database.statement-timeout-search:20s}") Duration search,
            @Value("${pulsebridge.database.statement-timeout-request:60s}") Duration request) {
        this.background = background;
        this.search = search;
        this.request = request;
    }

    /** How long a statement of this path may run; empty for background work. */
    public Duration limit(Optional<StatementPath> path) {
        return path.map(p -> p == StatementPath.SEARCH ? search : request).orElse(background);
    }

    long millisFor(Optional<StatementPath> path) {
        return limit(path).toMillis();
    }

    long backgroundMillis() {
        return background.toMillis();
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource) {
            dataSource.addDataSourceProperty("options", "-c statement_timeout=" + background.toMillis());
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource) {
            return new PathTimedDataSource(dataSource, this);
        }
        return bean;
    }
}
