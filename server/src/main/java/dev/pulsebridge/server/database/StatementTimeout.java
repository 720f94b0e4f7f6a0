package dev.pulsebridge.server.database;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * No SQL statement runs longer than {@code pulsebridge.database.statement-timeout} (PostgreSQL cancels it):
 * an unexpectedly costly search fails with an error instead of holding a connection and a core for as
 * long as it likes. Set on every pooled connection when it opens; an {@code options} parameter in the
 * JDBC URL takes precedence.
 */
@Component
class StatementTimeout implements BeanPostProcessor {

    private final Duration timeout;

    StatementTimeout(@Value("${pulsebridge.database.statement-timeout:120s}") Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && timeout.toMillis() > 0) {
            dataSource.addDataSourceProperty("options", "-c statement_timeout=" + timeout.toMillis());
        }
        return bean;
    }
}
