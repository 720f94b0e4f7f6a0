package dev.pulsebridge.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import dev.pulsebridge.server.database.StatementPath;
import dev.pulsebridge.server.database.StatementTimeouts;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r5.model.OperationOutcome;
import org.springframework.stereotype.Component;

/**
 * Tells the database layer what each FHIR request is (a search or anything else), so its statements run
 * under that path's timeout, and answers a statement PostgreSQL cancelled for running too long with an
 * OperationOutcome ({@code too-costly}) instead of a bare server error: 400 for a search (narrowing it is
 * the cure), 503 for anything else (a write that waited that long met a busy database; later may work).
 */
@Component
@Interceptor
class StatementBudget implements FhirRestInterceptor {

    /** PostgreSQL's query_canceled: here only ever statement_timeout, since nothing else cancels. */
    private static final String QUERY_CANCELED = "57014";
    /** What HAPI keeps of it when a failed search is reported by message only. */
    private static final String CANCELED_MESSAGE = "canceling statement due to statement timeout";
    private static final Set<RestOperationTypeEnum> SEARCHES = EnumSet.of(RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.GET_PAGE);

    private final StatementTimeouts timeouts;

    StatementBudget(StatementTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** A pooled request thread may carry the last request's path: start each request without one. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean forgetTheLastRequest() {
        StatementPath.leave();
        return true;
    }

    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -3000)
    public void enter(RequestDetails request) {
        (SEARCHES.contains(request.getRestOperationType()) ? StatementPath.SEARCH : StatementPath.REQUEST).enter();
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void leave() {
        StatementPath.leave();
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException answerCancelledStatements(Throwable exception) {
        if (!cancelledByTimeout(exception)) {
            return null;
        }
        Optional<StatementPath> path = StatementPath.current();
        Duration limit = timeouts.limit(path);
        boolean search = path.orElse(StatementPath.REQUEST) == StatementPath.SEARCH;
        String message = search
                ? "The search took longer than this server lets one database statement run (" + limit.toSeconds()
                        + " s, pulsebridge.database.statement-timeout-search) and was stopped; narrow it (a patient, "
                        + "a date range, fewer codes, a smaller _count)"
                : "The request took longer than this server lets one database statement run (" + limit.toSeconds()
                        + " s, pulsebridge.database.statement-timeout-request) and was stopped; nothing of it was "
                        + "stored. Try again later";
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.TOOCOSTLY)
                .setDiagnostics(message);
        return search ? new InvalidRequestException(message, outcome)
                : new UnclassifiedServerFailureException(503, message, outcome);
    }

    private static boolean cancelledByTimeout(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())
                    || cause.getMessage() != null && cause.getMessage().contains(CANCELED_MESSAGE)) {
                return true;
            }
        }
        return false;
    }
}
