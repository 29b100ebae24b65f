package dev.metadataguard.remedy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.Delivery;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.List;

/**
 * The node-pool-replacer function's engine: reads the decision out of a {@code replacement-requests}
 * message, hands it to the {@link Replacer} (which re-judges the live pool before any write), and
 * publishes each resulting ticket request to {@code ticket-requests}, with one log line each. A message
 * that is unreadable, not whole, or refused for good is dead-lettered; a failure a retry can fix is
 * thrown, so Pub/Sub redelivers (the replacer is idempotent), and so is a replacement still in progress when
 * the delivery's time is up, once the outcomes it reached are published.
 */
public final class NodePoolReplacerService {

    private static final String FUNCTION = "node-pool-replacer";
    private static final StructuredLog LOG = StructuredLog.of(FUNCTION);

    private final Replacer replacer;
    private final RequestTopic tickets;
    private final ObjectMapper json;
    private final Delivery delivery;

    public NodePoolReplacerService(Replacer replacer, RequestTopic tickets, ObjectMapper json, DeadLetters deadLetters) {
        this.replacer = replacer;
        this.tickets = tickets;
        this.json = json;
        this.delivery = new Delivery(LOG, deadLetters, (resource, failure) ->
                tickets.publish(new TicketRequest.GuardFailure(FUNCTION, resource, failure)));
    }

    /** @param arrived when the delivery arrived: the replacer's waits end by its budget from then */
    public void handle(CloudEvent event, Instant arrived) {
        delivery.handle(event, message -> {
            Decision decision;
            try {
                decision = PushedMessage.read(event, json, Decision.class);
            } catch (PushedMessage.Unreadable e) {
                message.refuse("", "malformed", e.getMessage(), "publish a Decision as JSON (the audit-inspector's output)");
                return;
            }
            message.run(decision.resource(), () -> {
                List<TicketRequest> requests;
                try {
                    requests = replacer.replace(decision, arrived);
                } catch (RequestCheck.Malformed e) {
                    message.refuse(decision.resource(), "malformed", e.getMessage(),
                            "only the audit-inspector's Decision JSON, whole, is acted on");
                    return;
                } catch (ReplacementWaiting waiting) {
                    log(event.getId(), waiting.waiting());
                    tickets.publish(waiting.waiting());
                    throw waiting;
                } catch (ReplacementInProgress goingOn) {
                    publish(event.getId(), goingOn.reached());
                    throw goingOn;
                }
                publish(event.getId(), requests);
            });
        });
    }

    /** Logged before it is published: what the replacer did is on record even if the publish fails. */
    private void publish(String eventId, List<TicketRequest> requests) {
        for (TicketRequest request : requests) {
            log(eventId, request);
            tickets.publish(request);
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
