package dev.metadataguard.remedy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;

/**
 * The node-pool-replacer function's engine: reads the decision out of a {@code replacement-requests}
 * message, hands it to the {@link Replacer}, and publishes each resulting ticket request to
 * {@code ticket-requests}, with one log line each. An unreadable message is logged and acknowledged;
 * a failure a retry can fix is logged and thrown, so Pub/Sub redelivers (the replacer is idempotent).
 */
public final class NodePoolReplacerService {

    private static final StructuredLog LOG = StructuredLog.of("node-pool-replacer");

    private final Replacer replacer;
    private final MessagePublisher publisher;
    private final ObjectMapper json;
    private final String ticketTopic;

    public NodePoolReplacerService(Replacer replacer, MessagePublisher publisher, ObjectMapper json, String ticketTopic) {
        this.replacer = replacer;
        this.publisher = publisher;
        this.json = json;
        this.ticketTopic = ticketTopic;
    }

    public void handle(CloudEvent event) {
        Decision decision;
        try {
            decision = PushedMessage.read(event, json, Decision.class);
        } catch (PushedMessage.Unreadable e) {
            LOG.error("message unreadable", "event", event.getId(), "decision", "malformed", "reason", e.getMessage(),
                    "fix", "publish a Decision as JSON (the audit-inspector's output); the message is acknowledged");
            return;
        }
        try {
            List<TicketRequest> requests = replacer.replace(decision);
            for (TicketRequest request : requests) {
                publish(request, decision.fingerprint());
                log(event.getId(), request);
            }
        } catch (ApiFailure failure) {
            if (!failure.kind().retryable()) {
                // Only the publish can fail this way; the replacer turns such failures into outcomes.
                LOG.error("outcome not published", "event", event.getId(), "resource", decision.resource(),
                        "failure", failure.kind().name(), "reason", failure.getMessage());
                return;
            }
            LOG.warning("will retry", "event", event.getId(), "resource", decision.resource(),
                    "failure", failure.kind().name(), "reason", failure.getMessage());
            throw failure;
        }
    }

    private void publish(TicketRequest request, String fingerprint) {
        try {
            publisher.publish(ticketTopic, json.writeValueAsBytes(request),
                    Map.of("resource", request.resource(), "fingerprint", fingerprint), "");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ticket requests are plain records and always serialise", e);
        }
    }

    private static void log(String eventId, TicketRequest request) {
        if (request instanceof TicketRequest.Remediated r) {
            LOG.notice("remediation", "event", eventId, "resource", r.resource(), "fingerprint", r.decision().fingerprint(),
                    "outcome", r.outcome().kind().name(), "replacement", r.outcome().replacement(),
                    "operation", r.outcome().operation(), "detail", r.outcome().detail());
        } else if (request instanceof TicketRequest.GuardProblem p) {
            LOG.error("guard lacks a permission", "event", eventId, "resource", p.resource(), "call", p.call(),
                    "permission", p.permission(), "reason", p.message());
        }
    }
}
