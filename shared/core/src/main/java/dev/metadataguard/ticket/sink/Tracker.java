package dev.metadataguard.ticket.sink;

import dev.metadataguard.ticket.Block;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketRecord;
import java.util.List;

/** An issue tracker as the guard uses it: issues found by label, opened, commented on, closed, reopened. */
interface Tracker {

    /** The issues labelled {@code label}, oldest first. */
    List<TicketRecord> search(String label);

    /** Opens an issue for the ticket, labelled with {@link TicketKeys#labels}; returns its id. */
    String open(Ticket ticket);

    /** The issue's page for a person, as opposed to its API address. */
    String link(String issue);

    void comment(String issue, List<Block> note);

    void close(String issue);

    void reopen(String issue);
}
