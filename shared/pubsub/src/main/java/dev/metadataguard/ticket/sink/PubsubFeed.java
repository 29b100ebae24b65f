package dev.metadataguard.ticket.sink;

import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketRenderer;
import java.util.Locale;
import java.util.Map;

/**
 * The default ticket destination: a Pub/Sub topic. Each message is the ticket's JSON, with attributes
 * {@code fingerprint} (also the ordering key), {@code resourceKey} and {@code status}.
 */
final class PubsubFeed implements TicketFeed {

    static final String NAME = "pubsub";

    private final String topic;
    private final MessagePublisher publisher;

    PubsubFeed(String topic, MessagePublisher publisher) {
        this.topic = topic;
        this.publisher = publisher;
    }

    @Override
    public String send(Ticket ticket) {
        Map<String, String> attributes = Map.of(
                "fingerprint", ticket.fingerprint(),
                "resourceKey", ticket.resourceKey(),
                "status", ticket.status().name().toLowerCase(Locale.ROOT));
        return publisher.publish(topic, TicketRenderer.json(ticket), attributes, ticket.fingerprint());
    }

    @Override
    public void close() {
        publisher.close();
    }
}
