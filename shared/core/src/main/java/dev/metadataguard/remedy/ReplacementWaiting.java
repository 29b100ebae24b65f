package dev.metadataguard.remedy;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.decision.TicketRequest;

/**
 * A retryable failure met while acting on a live violation. It carries the {@code REPLACEMENT_WAITING}
 * outcome for the ticket, which the caller records before letting Pub/Sub redeliver: should the retries
 * run out, the ticket still says what the replacement last waited for.
 */
public final class ReplacementWaiting extends ApiFailure {

    private final transient TicketRequest.Remediated waiting;

    ReplacementWaiting(ApiFailure cause, TicketRequest.Remediated waiting) {
        super(cause);
        this.waiting = waiting;
    }

    /** The outcome to add to the ticket before the retry. */
    public TicketRequest.Remediated waiting() {
        return waiting;
    }
}
