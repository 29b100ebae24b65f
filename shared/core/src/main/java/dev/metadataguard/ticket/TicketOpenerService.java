package dev.metadataguard.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.InspectionRequest;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.Delivery;
import dev.metadataguard.pubsub.PushedMessage;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ticket-opener function's engine: one ticket request in, one ticket opened, updated or resolved in each
 * chosen sink, once the live resource bears the request out ({@link TicketCheck}): a message that says otherwise
 * is logged as stale and changes nothing. Transient sink failures are thrown so Pub/Sub redelivers (the sinks that succeeded find their
 * change made and do nothing); an unreadable request, or one a sink refused for good (bad credentials,
 * unknown project), is dead-lettered, so nothing is dropped silently. A sweep's list of the clusters it found
 * changes no ticket: each cluster with open tickets that the sweep did not find is sent to the inspector to
 * be read again, and GKE's answer decides.
 */
public final class TicketOpenerService {

    private static final String FUNCTION = "ticket-opener";
    private static final StructuredLog LOG = StructuredLog.of(FUNCTION);

    private final TicketDesks desks;
    private final ObjectMapper json;
    private final Delivery delivery;
    private final Optional<RequestTopic> inspections;
    private final TicketCheck check;

    /**
     * @param inspections the inspection topic, for clusters to read again; empty to only log them
     * @param check       what a request must stand up to before it changes a ticket: the live resource
     */
    public TicketOpenerService(TicketDesks desks, ObjectMapper json, DeadLetters deadLetters,
                               Optional<RequestTopic> inspections, TicketCheck check) {
        this.desks = desks;
        this.check = check;
        this.json = json;
        // Its own failure becomes a ticket in its own sinks: the ticket-opener publishes no ticket requests.
        this.delivery = new Delivery(LOG, deadLetters, (resource, failure) ->
                desks.apply(new TicketRequest.GuardFailure(FUNCTION, resource, failure)));
        this.inspections = inspections;
    }

    public void handle(CloudEvent event) {
        delivery.handle(event, message -> {
            TicketRequest request;
            try {
                request = PushedMessage.read(event, json, TicketRequest.class);
            } catch (PushedMessage.Unreadable e) {
                message.refuse("", "malformed", e.getMessage(),
                        "publish a TicketRequest as JSON (the audit-inspector's or the replacer's output)");
                return;
            }
            message.run(request.resource(), () -> apply(event, request));
        });
    }

    private void apply(CloudEvent event, TicketRequest message) {
        TicketCheck.Checked checked = check.check(message);
        if (checked instanceof TicketCheck.Stale stale) {
            LOG.notice("request stale", "event", event.getId(), "resource", message.resource(), "decision", "stale",
                    "reason", stale.why());
            return;
        }
        TicketRequest request = ((TicketCheck.Holds) checked).request();
        try {
            List<TicketDesk.Applied> applied = desks.apply(request);
            applied.forEach(a -> logApplied(event, request, a));
            if (request instanceof TicketRequest.Swept swept) {
                readAgain(event, swept, applied);
            }
        } catch (TicketDesks.SinksFailed partly) {
            partly.applied().forEach(applied -> logApplied(event, request, applied));
            throw partly;
        }
    }

    private void readAgain(CloudEvent event, TicketRequest.Swept swept, List<TicketDesk.Applied> applied) {
        Set<String> clusters = new TreeSet<>();
        applied.forEach(a -> clusters.addAll(a.readAgain()));
        inspections.ifPresent(topic -> topic.publishInspections(clusters.stream()
                .map(cluster -> new InspectionRequest(cluster, swept.sweep(), swept.startedAt())).toList()));
        for (String cluster : clusters) {
            LOG.notice("cluster not found by the sweep", "event", event.getId(), "sweep", swept.sweep(),
                    "resource", cluster, "decision", inspections.isPresent() ? "read again" : "left open",
                    "reason", inspections.isPresent() ? "it has open tickets; the inspector reads it live"
                            : "it has open tickets, and no inspection topic is set to read it again");
        }
    }

    private static void logApplied(CloudEvent event, TicketRequest request, TicketDesk.Applied applied) {
        String change = applied.change().name().toLowerCase(Locale.ROOT);
        LOG.notice("ticket " + change, "event", event.getId(), "resource", request.resource(),
                "fingerprint", applied.fingerprint(), "sink", applied.sink(), "decision", change,
                "ticket", applied.tickets());
    }
}
