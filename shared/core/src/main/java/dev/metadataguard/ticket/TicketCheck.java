package dev.metadataguard.ticket;

import dev.metadataguard.decision.TicketRequest;

/**
 * What the ticket opener asks before a request may change a ticket: a message is a hint, never an order, so
 * whatever would resolve a ticket, mark a replacement ready or exempt a finding holds only as far as the live
 * resource bears it out ({@link LiveCheck}).
 */
@FunctionalInterface
public interface TicketCheck {

    /** @throws dev.metadataguard.api.ApiFailure when the resource cannot be read; a retryable one is worth a retry */
    Checked check(TicketRequest request);

    /** The verdict on one request. */
    sealed interface Checked {
    }

    /** Apply {@code request}: the message's own, or what the live resource says instead (its deletion). */
    record Holds(TicketRequest request) implements Checked {
    }

    /** The live resource says otherwise: nothing changes, and {@code why} is logged. */
    record Stale(String why) implements Checked {
    }
}
