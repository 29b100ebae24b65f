package dev.metadataguard.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;

/** Consumes {@code ticket-requests}. */
public final class TicketOpener implements CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("ticket-opener");

    @Override
    public void accept(CloudEvent event) {
        try {
            TicketRequest request = PushedMessage.read(event, Json.mapper(), TicketRequest.class);
            LOG.notice("ticket request received", "event", event.getId(), "resource", request.resource());
        } catch (PushedMessage.Unreadable e) {
            LOG.error("message unreadable", "event", event.getId(), "decision", "malformed", "reason", e.getMessage());
        }
    }
}
