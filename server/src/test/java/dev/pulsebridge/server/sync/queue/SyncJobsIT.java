package dev.pulsebridge.server.sync.queue;

import dev.pulsebridge.server.support.ServerIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The queue on PostgreSQL, as the running server uses it. */
class SyncJobsIT extends ServerIntegrationTest implements SyncJobsContract {

    @Autowired
    SyncJobs jobs;

    @Override
    public SyncJobs jobs() {
        return jobs;
    }
}
