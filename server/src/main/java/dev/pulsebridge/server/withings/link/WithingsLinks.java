package dev.pulsebridge.server.withings.link;

import dev.pulsebridge.server.secrets.BearerTokens;
import dev.pulsebridge.server.withings.PublicUrls;
import dev.pulsebridge.server.withings.WithingsProperties;
import dev.pulsebridge.server.withings.WithingsUnavailableException;
import dev.pulsebridge.server.withings.account.AlreadyLinkedException;
import dev.pulsebridge.server.withings.account.WithingsAccounts;
import dev.pulsebridge.server.withings.oauth.IssuedTokens;
import dev.pulsebridge.server.withings.oauth.WithingsTokenClient;
import dev.pulsebridge.server.withings.oauth.WithingsTokenRejectedException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The patient-facing half of linking: the link a clinician hands out, the redirect to Withings'
 * consent page, and the return to our callback.
 *
 * <p>The link token and the OAuth state are bearer values that travel in URLs, so only their SHA-256
 * is stored. Each opening of the link issues a fresh state (only the newest consent page can finish);
 * the link stops working once it has linked an account or expired.
 */
@Service
public class WithingsLinks {

    private static final Logger log = LoggerFactory.getLogger(WithingsLinks.class);

    private final LinkRepository links;
    private final WithingsAccounts accounts;
    private final WithingsTokenClient tokenClient;
    private final WithingsProperties properties;
    private final PublicUrls urls;
    private final TransactionTemplate transactions;
    private final Clock clock;

    WithingsLinks(LinkRepository links, WithingsAccounts accounts, WithingsTokenClient tokenClient,
            WithingsProperties properties, PublicUrls urls, TransactionTemplate transactions, Clock clock) {
        this.clock = clock;
        this.transactions = transactions;
        this.links = links;
        this.accounts = accounts;
        this.tokenClient = tokenClient;
        this.properties = properties;
        this.urls = urls;
    }

    public record IssuedLink(String url, Instant expires) {
    }

    /**
     * A link whose callback will be {@code publicBase + /withings/callback}.
     *
     * @param backfill how far back the first sync reaches (e.g. {@code P90D}, {@code all}); null for the default
     */
    public IssuedLink create(String patientId, String publicBase, String backfill) {
        String token = BearerTokens.newToken();
        Instant now = clock.instant();
        Instant expires = now.plus(properties.linkValidity());
        links.insert(patientId, BearerTokens.hash(token), urls.callbackUrl(publicBase), now, expires, backfill);
        return new IssuedLink(urls.linkUrl(publicBase, token), expires);
    }

    /** Where the patient's browser goes when it opens the link; empty when the link is unknown, used or expired. */
    public Optional<URI> open(String linkToken) {
        Instant now = clock.instant();
        return links.findByTokenHash(BearerTokens.hash(linkToken)).filter(link -> link.usable(now)).map(link -> {
            String state = BearerTokens.newToken();
            links.replaceState(link.id(), BearerTokens.hash(state));
            return UriComponentsBuilder.fromUri(properties.authorizeUrl())
                    .queryParam("response_type", "code")
                    .queryParam("client_id", properties.clientId())
                    .queryParam("scope", properties.scopeParameter())
                    .queryParam("state", state)
                    .queryParam("redirect_uri", link.redirectUri())
                    .encode(StandardCharsets.UTF_8)
                    .build()
                    .toUri();
        });
    }

    /** The patient allowed access at Withings and came back with a code. */
    public LinkOutcome complete(String code, String state) {
        Optional<PatientLink> found = usableLink(state);
        if (found.isEmpty()) {
            return new LinkOutcome.LinkExpired();
        }
        PatientLink link = found.get();
        IssuedTokens tokens;
        try {
            tokens = tokenClient.exchangeCode(code, state, link.redirectUri());
        } catch (WithingsTokenRejectedException e) {
            links.recordError(link.id(), "Code exchange refused: " + e.getMessage());
            return new LinkOutcome.ExchangeFailed(e.getMessage());
        } catch (WithingsUnavailableException e) {
            links.recordError(link.id(), "Code exchange failed: " + e.getMessage());
            return new LinkOutcome.ExchangeFailed(e.getMessage());
        }
        try {
            // One transaction, so whoever reacts to the new link already sees the link row used.
            boolean relinked = Boolean.TRUE.equals(transactions.execute(status -> {
                boolean again = accounts.link(link.patientId(), tokens);
                links.markUsed(link.id(), clock.instant());
                return again;
            }));
            return new LinkOutcome.Linked(link.patientId(), tokens.withingsUserId(), relinked);
        } catch (AlreadyLinkedException e) {
            links.recordError(link.id(), e.getMessage() + "; $withings-disconnect on that patient frees it");
            log.warn("Refused to link Patient/{}: {}", link.patientId(), e.getMessage());
            return new LinkOutcome.AlreadyLinked(tokens.withingsUserId());
        }
    }

    /** The patient declined at Withings (or Withings sent another error back). */
    public LinkOutcome declined(String state, String error) {
        Optional<PatientLink> link = usableLink(state);
        link.ifPresent(l -> links.recordError(l.id(), "Consent not given at Withings: " + error));
        return link.<LinkOutcome>map(l -> new LinkOutcome.ConsentDenied(error)).orElse(new LinkOutcome.LinkExpired());
    }

    /** The newest link handed out for the patient, for status reports. */
    public Optional<LinkSummary> latest(String patientId) {
        Instant now = clock.instant();
        return links.latestForPatient(patientId).map(link -> new LinkSummary(link.createdAt(), link.expiresAt(),
                link.usedAt() != null, link.usable(now), link.lastError()));
    }

    public record LinkSummary(Instant createdAt, Instant expiresAt, boolean used, boolean open, String lastError) {
    }

    /**
     * What the patient's completed link says for background work: the public base their browser used
     * (where the callback went) and the backfill asked for on {@code $withings-connect} (null: default).
     */
    public Optional<CompletedLink> lastCompleted(String patientId) {
        return links.lastUsedForPatient(patientId)
                .map(link -> new CompletedLink(urls.baseOfCallback(link.redirectUri()), link.backfill()));
    }

    public record CompletedLink(String publicBase, String backfill) {
    }

    private Optional<PatientLink> usableLink(String state) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return links.findByStateHash(BearerTokens.hash(state)).filter(link -> link.usable(now));
    }
}
