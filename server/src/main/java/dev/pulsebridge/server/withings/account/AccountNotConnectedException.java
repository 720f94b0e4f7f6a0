package dev.pulsebridge.server.withings.account;

/** Work for an account that has no usable tokens: it was disconnected or revoked (or never linked). */
public class AccountNotConnectedException extends RuntimeException {

    private final AccountStatus status;

    public AccountNotConnectedException(long accountId, AccountStatus status, String reason) {
        super("Withings account " + accountId + " is " + (status == null ? "unknown" : status.code())
                + (reason == null ? "" : ": " + reason));
        this.status = status;
    }

    public AccountStatus status() {
        return status;
    }
}
