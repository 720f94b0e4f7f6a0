package dev.pulsebridge.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.pulsebridge.server.security.UserDirectory.Account;
import dev.pulsebridge.server.subscription.SubscriberGrants;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * A subscription hears of a change only when its owner could read the changed resource now: with the
 * scopes their token was granted when they subscribed, the patient of that token's launch, and their
 * account as it is today (a clinician's care team, an admin role). A subscription whose client or user
 * was changed or removed by an admin hears nothing more. Subscriptions made inside the server (and those
 * made before owners were recorded, when only backend tokens could subscribe) have no owner and are not
 * narrowed.
 */
@Component
class SubscriberScopes implements SubscriberGrants {

    /** How late a care team change may reach what a clinician's subscriptions carry. */
    private static final java.time.Duration CARE_TEAM_MEMORY = java.time.Duration.ofSeconds(10);

    private final SubscriptionOwners owners;
    private final ScopeReach reach;
    private final ClientRegistry clients;
    private final UserDirectory users;
    private final CareTeams careTeams;

    SubscriberScopes(SubscriptionOwners owners, ScopeReach reach, ClientRegistry clients, UserDirectory users,
            CareTeams careTeams) {
        this.owners = owners;
        this.reach = reach;
        this.clients = clients;
        this.users = users;
        // asked on every stored change a clinician's subscription could hear of: a backfill is thousands
        this.careTeams = careTeams.remembering(CARE_TEAM_MEMORY);
    }

    @Override
    public boolean mayBeToldAbout(String subscriptionId, IBaseResource resource, RequestDetails request) {
        Optional<SubscriptionOwners.Owner> found = owners.of(subscriptionId);
        if (found.isEmpty()) {
            return true;
        }
        SubscriptionOwners.Owner owner = found.get();
        if (owner.suspended() || clients.findByClientId(owner.clientId()) == null) {
            return false;
        }
        Optional<Account> account = Optional.empty();
        if (owner.username().isPresent()) {
            account = users.find(owner.username().get());
            if (account.isEmpty()) {
                return false;
            }
        }
        TokenAccess grant = TokenAccess.ofGrant(owner.scopes(), owner.patient(), account.flatMap(Account::fhirUser),
                account.map(Account::roles).orElse(Set.of()), careTeams);
        return reach.maySee(grant, resource, request);
    }
}
