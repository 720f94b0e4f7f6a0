package dev.pulsebridge.server.withings.account;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Publishes account events once the change that caused them is committed, never for a rolled-back one. */
@Component
class AccountEvents {

    private final ApplicationEventPublisher publisher;

    AccountEvents(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    void publishAfterCommit(WithingsAccountEvent event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publisher.publishEvent(event);
                }
            });
        } else {
            publisher.publishEvent(event);
        }
    }
}
