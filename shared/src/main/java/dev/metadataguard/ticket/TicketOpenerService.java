package dev.metadataguard.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;
import java.util.Optional;

/**
 * The ticket-opener function's engine: one ticket request in, one ticket opened, updated or resolved.
 * Transient sink failures are thrown so Pub/Sub redelivers; a permanent one (bad credentials, unknown
 * project) is logged once and the request goes to the dead-letter topic, so nothing is dropped silently.
 */
public final class TicketOpenerService {

    private static final StructuredLog LOG = StructuredLog.of("ticket-opener");

    private final TicketDesk desk;
    private final ObjectMapper json;
    private final DeadLetters deadLetters;

    public TicketOpenerService(TicketDesk desk, ObjectMapper json, MessagePublisher publisher,
                               Optional<String> deadLetterTopic) {
        this.desk = desk;
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
            TicketDesk.Applied applied = desk.apply(request);
            LOG.notice("ticket " + applied.change().name().toLowerCase(java.util.Locale.ROOT), "event", event.getId(),
                    "resource", request.resource(), "fingerprint", applied.fingerprint(),
                    "decision", applied.change().name().toLowerCase(java.util.Locale.ROOT), "ticket", applied.tickets());
        } catch (ApiFailure failure) {
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
}
