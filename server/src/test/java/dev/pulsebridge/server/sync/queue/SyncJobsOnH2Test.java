package dev.pulsebridge.server.sync.queue;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue on the embedded default: an in-memory H2 with Pulsebridge's Flyway migrations applied. */
class SyncJobsOnH2Test implements SyncJobsContract {

    private static SyncJobs jobs;

    @BeforeAll
    static void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:syncjobs;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .table("pulsebridge_schema_history").load().migrate();
        jobs = new SyncJobs(JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @Override
    public SyncJobs jobs() {
        return jobs;
    }
}
