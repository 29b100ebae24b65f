package dev.metadataguard.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.Delivery;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;
import java.util.Locale;

/**
 * The ticket-opener function's engine: one ticket request in, one ticket opened, updated or resolved in each
 * chosen sink. Transient sink failures are thrown so Pub/Sub redelivers (the sinks that succeeded find their
 * change made and do nothing); an unreadable request, or one a sink refused for good (bad credentials,
 * unknown project), is dead-lettered, so nothing is dropped silently.
 */
public final class TicketOpenerService {

    private static final StructuredLog LOG = StructuredLog.of("ticket-opener");

    private final TicketDesks desks;
    private final ObjectMapper json;
    private final Delivery delivery;

    public TicketOpenerService(TicketDesks desks, ObjectMapper json, DeadLetters deadLetters) {
        this.desks = desks;
        this.json = json;
        this.delivery = new Delivery(LOG, deadLetters);
    }

    public void handle(CloudEvent event) {
        TicketRequest request;
        try {
            request = PushedMessage.read(event, json, TicketRequest.class);
        } catch (PushedMessage.Unreadable e) {
            delivery.deadLetter(event, "", "malformed", e.getMessage(),
                    "publish a TicketRequest as JSON (the audit-inspector's or the replacer's output)");
            return;
        }
        delivery.run(event, request.resource(), () -> {
            try {
                desks.apply(request).forEach(applied -> logApplied(event, request, applied));
            } catch (TicketDesks.SinksFailed partly) {
                partly.applied().forEach(applied -> logApplied(event, request, applied));
                throw partly;
            }
        });
    }

    private static void logApplied(CloudEvent event, TicketRequest request, TicketDesk.Applied applied) {
        String change = applied.change().name().toLowerCase(Locale.ROOT);
        LOG.notice("ticket " + change, "event", event.getId(), "resource", request.resource(),
                "fingerprint", applied.fingerprint(), "sink", applied.sink(), "decision", change,
                "ticket", applied.tickets());
    }
}
