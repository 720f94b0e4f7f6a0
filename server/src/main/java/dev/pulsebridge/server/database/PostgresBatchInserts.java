package dev.pulsebridge.server.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Lets the PostgreSQL driver send a JDBC batch of inserts as multi-row INSERTs. A sync write stores
 * thousands of HAPI index rows per transaction; one round trip per row was where the backfill waited.
 */
@Component
class PostgresBatchInserts implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource) {
            dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return bean;
    }
}
