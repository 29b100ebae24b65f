package dev.metadataguard.ticket.sink;

import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.Ticket.Resolution;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketRenderer;
import dev.metadataguard.ticket.TicketSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A sink over an issue tracker: every change after the first is a comment on the issue, and resolving
 * or reopening also moves the issue itself.
 */
final class TrackerSink implements TicketSink {

    private final String name;
    private final Tracker tracker;

    TrackerSink(String name, Tracker tracker) {
        this.name = name;
        this.tracker = tracker;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<TicketRecord> find(String key) {
        return tracker.search(TicketKeys.check(key));
    }

    @Override
    public TicketRecord create(Ticket ticket) {
        return new TicketRecord(tracker.open(ticket), ticket.fingerprint(), true, Optional.empty(),
                ticket.outcomeKeys(), Optional.empty());
    }

    @Override
    public Optional<String> link(String fingerprint) {
        return find(fingerprint).stream().findFirst().map(record -> tracker.link(record.id()));
    }

    @Override
    public void addOutcome(TicketRecord existing, Ticket after, RemediationOutcome outcome) {
        tracker.comment(existing.id(), TicketRenderer.outcomeNote(outcome));
    }

    @Override
    public void resolve(TicketRecord existing, Ticket after, Resolution resolution) {
        tracker.comment(existing.id(), TicketRenderer.resolutionNote(resolution));
        tracker.close(existing.id());
    }

    @Override
    public void reopen(TicketRecord existing, Ticket after, Instant seenAgain) {
        tracker.comment(existing.id(), TicketRenderer.reopenNote(seenAgain));
        tracker.reopen(existing.id());
    }
}
