package dev.pulsebridge.server.withings.fhir;

import dev.pulsebridge.server.withings.account.WithingsAccount;
import org.hl7.fhir.r5.model.Parameters;

/**
 * Adds parts to {@code $withings-status} for a linked account. The sync engine contributes webhook
 * subscription and backfill progress here; the connection itself knows nothing about them.
 */
public interface WithingsStatusContributor {

    void contribute(WithingsAccount account, Parameters status);
}
