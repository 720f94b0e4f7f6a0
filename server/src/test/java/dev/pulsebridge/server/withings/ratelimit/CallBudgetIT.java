package dev.pulsebridge.server.withings.ratelimit;

import dev.pulsebridge.server.support.ServerIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

class CallBudgetIT extends ServerIntegrationTest implements CallBudgetContract {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Override
    public JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public TransactionTemplate transactions() {
        return transactions;
    }
}
