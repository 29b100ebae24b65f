package dev.metadataguard.ticket.sink;

import dev.metadataguard.ticket.Ticket;

/** A destination that takes whole tickets and cannot be asked about them: a topic, a webhook. */
interface TicketFeed extends AutoCloseable {

    /**
     * Sends the ticket as it stands.
     *
     * @return an id of the delivery for the log: a message id, or the fingerprint
     */
    String send(Ticket ticket);

    @Override
    default void close() {
    }
}
