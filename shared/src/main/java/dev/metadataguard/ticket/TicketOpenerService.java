package dev.metadataguard.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;
import java.util.Locale;
import java.util.Optional;

/**
 * The ticket-opener function's engine: one ticket request in, one ticket opened, updated or resolved in each
 * chosen sink. Transient sink failures are thrown so Pub/Sub redelivers (the sinks that succeeded find their
 * change made and do nothing); a permanent one (bad credentials, unknown project) is logged once and the
 * request goes to the dead-letter topic, so nothing is dropped silently.
 */
public final class TicketOpenerService {

    private static final StructuredLog LOG = StructuredLog.of("ticket-opener");

    private final TicketDesks desks;
    private final ObjectMapper json;
    private final DeadLetters deadLetters;

    public TicketOpenerService(TicketDesks desks, ObjectMapper json, MessagePublisher publisher,
                               Optional<String> deadLetterTopic) {
        this.desks = desks;
        this.json = json;
        this.deadLetters = new DeadLetters(publisher, deadLetterTopic, LOG);
    }

    public void handle(CloudEvent event) {
        TicketRequest request;
        try {
            request = PushedMessage.read(event, json, TicketRequest.class);
        } catch (PushedMessage.Unreadable e) {
            LOG.error("message unreadable", "event", event.getId(), "decision", "malformed", "reason", e.getMessage());
            deadLetters.send(event, e.getMessage());
            return;
        }
        try {
            desks.apply(request).forEach(applied -> logApplied(event, request, applied));
        } catch (ApiFailure failure) {
            if (failure instanceof TicketDesks.SinksFailed partly) {
                partly.applied().forEach(applied -> logApplied(event, request, applied));
            }
            if (failure.kind().retryable()) {
                LOG.warning("will retry", "event", event.getId(), "resource", request.resource(),
                        "failure", failure.kind().name(), "reason", failure.getMessage());
                throw failure;
            }
            LOG.error("ticket sink refused the request", "event", event.getId(), "resource", request.resource(),
                    "failure", failure.kind().name(), "reason", failure.getMessage(), "decision", "dead-letter");
            deadLetters.send(event, failure.getMessage());
        }
    }

    private static void logApplied(CloudEvent event, TicketRequest request, TicketDesk.Applied applied) {
        String change = applied.change().name().toLowerCase(Locale.ROOT);
        LOG.notice("ticket " + change, "event", event.getId(), "resource", request.resource(),
                "fingerprint", applied.fingerprint(), "sink", applied.sink(), "decision", change,
                "ticket", applied.tickets());
    }
}
