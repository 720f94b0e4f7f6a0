package dev.pulsebridge.server.database;

import java.util.Optional;

/**
 * What the current thread is doing for a client, which decides how long PostgreSQL lets each of its
 * statements run ({@code pulsebridge.database.statement-timeout-search} / {@code -request}). A thread that
 * never says (background work: sync jobs, deliveries, housekeeping) runs under
 * {@code pulsebridge.database.statement-timeout}. Set when a request's kind is known, cleared when it ends.
 */
public enum StatementPath {
    /** A FHIR search or one of its pages: the costly, client-shaped queries. */
    SEARCH,
    /** Any other FHIR request: reads, writes, transactions, operations. */
    REQUEST;

    private static final ThreadLocal<StatementPath> CURRENT = new ThreadLocal<>();

    public void enter() {
        CURRENT.set(this);
    }

    public static void leave() {
        CURRENT.remove();
    }

    public static Optional<StatementPath> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
