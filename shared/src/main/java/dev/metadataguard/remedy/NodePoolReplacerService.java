package dev.metadataguard.remedy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node-pool-replacer function's engine: reads the decision out of a {@code replacement-requests}
 * message, hands it to the {@link Replacer} (which re-judges the live pool before any write), and
 * publishes each resulting ticket request to {@code ticket-requests}, with one log line each. A message
 * that is unreadable or not whole is logged once and sent to the dead-letter topic; a failure a retry
 * can fix is logged and thrown, so Pub/Sub redelivers (the replacer is idempotent).
 */
public final class NodePoolReplacerService {

    private static final StructuredLog LOG = StructuredLog.of("node-pool-replacer");

    private final Replacer replacer;
    private final MessagePublisher publisher;
    private final ObjectMapper json;
    private final String ticketTopic;
    private final DeadLetters deadLetters;

    public NodePoolReplacerService(Replacer replacer, MessagePublisher publisher, ObjectMapper json, String ticketTopic,
                                   Optional<String> deadLetterTopic) {
        this.replacer = replacer;
        this.publisher = publisher;
        this.json = json;
        this.ticketTopic = ticketTopic;
        this.deadLetters = new DeadLetters(publisher, deadLetterTopic, LOG);
    }

    public void handle(CloudEvent event) {
        Decision decision;
        try {
            decision = PushedMessage.read(event, json, Decision.class);
        } catch (PushedMessage.Unreadable e) {
            malformed(event, e.getMessage());
            return;
        }
        try {
            List<TicketRequest> requests;
            try {
                requests = replacer.replace(decision);
            } catch (RequestCheck.Malformed e) {
                malformed(event, e.getMessage());
                return;
            }
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

    private void malformed(CloudEvent event, String reason) {
        LOG.error("message malformed", "event", event.getId(), "decision", "malformed", "reason", reason,
                "fix", "only the audit-inspector's Decision JSON is acted on; the message goes to the dead-letter topic");
        deadLetters.send(event, reason);
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
        if (request instanceof TicketRequest.Remediated r && r.outcome().kind() == RemediationOutcome.Kind.REQUEST_STALE) {
            LOG.notice("request stale", "event", eventId, "resource", r.resource(), "fingerprint",
                    r.decision().fingerprint(), "decision", "stale", "differs", r.outcome().detail());
        } else if (request instanceof TicketRequest.Remediated r) {
            LOG.notice("remediation", "event", eventId, "resource", r.resource(), "fingerprint", r.decision().fingerprint(),
                    "outcome", r.outcome().kind().name(), "replacement", r.outcome().replacement(),
                    "operation", r.outcome().operation(), "detail", r.outcome().detail());
        } else if (request instanceof TicketRequest.GuardProblem p) {
            LOG.error("guard lacks a permission", "event", eventId, "resource", p.resource(), "call", p.call(),
                    "permission", p.permission(), "reason", p.message());
        }
    }
}
