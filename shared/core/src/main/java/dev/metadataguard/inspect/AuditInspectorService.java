package dev.metadataguard.inspect;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.InspectionRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.Delivery;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The audit-inspector function's engine: decode, inspect, route, and log every event exactly once
 * as evaluated, ignored (with the reason) or dead-lettered (malformed, or refused for good). Only
 * failures a retry can fix escape, so Pub/Sub redelivers those ({@link Delivery}).
 */
public final class AuditInspectorService {

    private static final String FUNCTION = "audit-inspector";
    private static final StructuredLog LOG = StructuredLog.of(FUNCTION);

    private final EventDecoder decoder;
    private final Inspector inspector;
    private final DecisionSink sink;
    private final Delivery delivery;
    private final Optional<URI> inspectionSource;

    /**
     * @param inspectionTopic the inspection topic's full name ({@code projects/P/topics/T}), whose publishers are
     *                        only the sweeper and the ticket opener; empty when there is none, and then no
     *                        request's {@code mayReplace} counts
     */
    public AuditInspectorService(EventDecoder decoder, Inspector inspector, DecisionSink sink, DeadLetters deadLetters,
                                 Optional<String> inspectionTopic) {
        this.decoder = decoder;
        this.inspector = inspector;
        this.sink = sink;
        this.delivery = new Delivery(LOG, deadLetters, (resource, failure) ->
                sink.requestTicket(new TicketRequest.GuardFailure(FUNCTION, resource, failure)));
        this.inspectionSource = inspectionTopic.map(topic -> URI.create(PUBSUB_SOURCE + topic));
    }

    /**
     * Eventarc sets a messagePublished event's {@code source} to the topic the message was published to,
     * {@code //pubsub.googleapis.com/projects/P/topics/T}; the publisher cannot choose it.
     */
    private static final String PUBSUB_SOURCE = "//pubsub.googleapis.com/";

    public void handle(CloudEvent event) {
        delivery.handle(event, message -> handle(event, decoder.decode(event), message));
    }

    /**
     * For a caller that read the entries itself, as the replay reads files: {@code event} gives the id
     * for the log and the data a dead letter keeps.
     */
    public void handle(CloudEvent event, List<Intake> intakes) {
        delivery.handle(event, message -> handle(event, intakes, message));
    }

    private void handle(CloudEvent event, List<Intake> intakes, Delivery.Message message) {
        for (Intake intake : intakes) {
            if (intake instanceof Intake.Accepted a && a.event().verb().deletes()) {
                deletion(event, a.event(), message);
            } else if (intake instanceof Intake.Accepted a) {
                var audit = a.event();
                inspect(event, message, audit.method(), audit.resource(), audit.first(), audit.last(),
                        () -> inspector.inspect(audit), inspection -> DecisionRouter.route(inspection, audit.verb(), sink));
            } else if (intake instanceof Intake.Inspect i) {
                // The estate sweep's request: the same inspection, every pool of the cluster as it stands now.
                InspectionRequest request = i.request();
                boolean onInspectionTopic = inspectionSource.filter(event.getSource()::equals).isPresent();
                if (request.mayReplace() && !onInspectionTopic) {
                    LOG.warning("replacement not granted", "event", event.getId(), "resource", request.cluster(),
                            "source", String.valueOf(event.getSource()), "reason", "mayReplace counts only on a request"
                                    + " delivered from the inspection topic; this one is judged for tickets only");
                }
                inspect(event, message, InspectionRequest.METHOD, ResourceRef.parse(request.cluster()).orElseThrow(),
                        false, false, () -> inspector.inspect(request, onInspectionTopic),
                        inspection -> DecisionRouter.routeInspection(inspection, sink));
            } else if (intake instanceof Intake.Ignored i) {
                LOG.info("event ignored", "event", event.getId(), "method", i.method(), "resource", i.resource(),
                        "decision", "ignored", "reason", i.reason());
            } else if (intake instanceof Intake.Malformed m) {
                message.refuse("", "malformed", m.reason(), "send a GKE audit LogEntry (see test-events/README.md)");
            }
        }
    }

    /** A Delete entry: the resource read again, its tickets resolved only when it is gone. */
    private void deletion(CloudEvent event, AuditEvent audit, Delivery.Message message) {
        if (!inScope(event, audit.method(), audit.resource())) {
            return;
        }
        message.run(audit.resource().name(), () -> {
            Deletion deletion = inspector.deletion(audit);
            deletion.resolved().ifPresent(sink::requestTicket);
            deletion.problems().forEach(sink::requestTicket);
            LOG.notice(deletion.resolved().isPresent() ? "deleted" : "event ignored", "event", event.getId(),
                    "method", audit.method(), "resource", audit.resource().name(),
                    "operation", audit.operationId().orElse(""), "first", audit.first(), "last", audit.last(),
                    "decision", deletion.resolved().isPresent() ? "resolve" : "ignored", "reason", deletion.reason());
        });
    }

    private boolean inScope(CloudEvent event, String method, ResourceRef resource) {
        if (inspector.policy().inScope(resource.project())) {
            return true;
        }
        LOG.info("event ignored", "event", event.getId(), "method", method, "resource", resource.name(),
                "decision", "ignored", "reason", "project " + resource.project() + " is outside the policy's projects");
        return false;
    }

    private void inspect(CloudEvent event, Delivery.Message message, String method, ResourceRef resource, boolean first,
                         boolean last, Supplier<Inspection> inspect, Consumer<Inspection> route) {
        String eventId = event.getId();
        if (!inScope(event, method, resource)) {
            return;
        }
        message.run(resource.name(), () -> {
            Inspection inspection = inspect.get();
            route.accept(inspection);
            for (Decision d : inspection.decisions()) {
                LOG.notice("evaluated", "event", eventId, "method", method, "resource", d.resource(),
                        "operation", d.operationId(), "first", first, "last", last,
                        "outcome", d.outcome().label(), "findings", d.findings().stream().map(Finding::checkId).toList(),
                        "decision", d.action().label(), "reason", d.reason(), "fingerprint", d.fingerprint(),
                        "exemption", inspection.exemptions().get(d.resource()));
            }
            inspection.guardProblems().forEach(p -> LOG.error("guard lacks a permission", "event", eventId,
                    "resource", p.resource(), "call", p.call(), "permission", p.permission(), "reason", p.message()));
        });
    }
}
