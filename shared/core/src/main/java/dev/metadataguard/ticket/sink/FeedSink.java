package dev.metadataguard.ticket.sink;

import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.Ticket.Resolution;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A sink over a {@link TicketFeed}. A feed cannot be asked about tickets, so this sink keeps no state
 * ({@link #remembers()} is false) and sends the whole ticket as each change leaves it. Consumers upsert
 * by {@code fingerprint}, add the outcomes they have not seen, and close every ticket of a
 * {@code resourceKey} that arrives resolved.
 */
final class FeedSink implements TicketSink {

    private final String name;
    private final TicketFeed feed;

    FeedSink(String name, TicketFeed feed) {
        this.name = name;
        this.feed = feed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean remembers() {
        return false;
    }

    @Override
    public List<TicketRecord> find(String key) {
        return List.of();
    }

    @Override
    public TicketRecord create(Ticket ticket) {
        return new TicketRecord(feed.send(ticket), ticket.fingerprint(), ticket.isOpen(), Optional.empty(),
                ticket.outcomeKeys(), Optional.empty());
    }

    @Override
    public void addOutcome(TicketRecord existing, Ticket after, RemediationOutcome outcome) {
        feed.send(after);
    }

    @Override
    public void resolve(TicketRecord existing, Ticket after, Resolution resolution) {
        feed.send(after);
    }

    @Override
    public void reopen(TicketRecord existing, Ticket after, Instant seenAgain) {
        feed.send(after);
    }

    @Override
    public void close() {
        feed.close();
    }
}
