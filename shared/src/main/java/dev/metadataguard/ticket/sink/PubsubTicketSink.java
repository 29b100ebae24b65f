package dev.metadataguard.ticket.sink;

import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.Ticket.Resolution;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketRenderer;
import dev.metadataguard.ticket.TicketSink;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes the whole ticket as JSON after every change, the default sink: attributes {@code fingerprint}
 * (also the ordering key), {@code resourceKey} and {@code status}.
 *
 * <p>A topic cannot be asked about tickets, so this sink keeps no state ({@link #remembers()} is false):
 * every message is the ticket as this change leaves it, and consumers upsert by {@code fingerprint}, add
 * outcomes they have not seen, and close every ticket of a {@code resourceKey} that arrives resolved.
 */
public final class PubsubTicketSink implements TicketSink {

    static final String NAME = "pubsub";

    private final String topic;
    private final MessagePublisher publisher;

    public PubsubTicketSink(String topic, MessagePublisher publisher) {
        this.topic = topic;
        this.publisher = publisher;
    }

    @Override
    public String name() {
        return NAME;
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
        String messageId = publish(ticket);
        return new TicketRecord(messageId, ticket.fingerprint(), ticket.isOpen(), Optional.empty(),
                ticket.outcomeKeys(), Optional.empty());
    }

    @Override
    public void addOutcome(TicketRecord existing, Ticket after, RemediationOutcome outcome) {
        publish(after);
    }

    @Override
    public void resolve(TicketRecord existing, Ticket after, Resolution resolution) {
        publish(after);
    }

    @Override
    public void reopen(TicketRecord existing, Ticket after, Instant seenAgain) {
        publish(after);
    }

    @Override
    public void close() {
        publisher.close();
    }

    private String publish(Ticket ticket) {
        Map<String, String> attributes = Map.of(
                "fingerprint", ticket.fingerprint(),
                "resourceKey", ticket.resourceKey(),
                "status", ticket.status().name().toLowerCase(Locale.ROOT));
        return publisher.publish(topic, TicketRenderer.json(ticket), attributes, ticket.fingerprint());
    }
}
