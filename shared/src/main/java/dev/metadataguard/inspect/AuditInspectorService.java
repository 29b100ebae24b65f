package dev.metadataguard.inspect;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.InspectionRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.policy.Finding;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The audit-inspector function's engine: decode, inspect, route, and log every event exactly once
 * as handled, ignored (with the reason) or malformed (with what was wrong). Only failures a retry can
 * fix escape, so Pub/Sub redelivers those and acknowledges everything else.
 */
public final class AuditInspectorService {

    private static final StructuredLog LOG = StructuredLog.of("audit-inspector");

    private final EventDecoder decoder;
    private final Inspector inspector;
    private final DecisionSink sink;

    public AuditInspectorService(EventDecoder decoder, Inspector inspector, DecisionSink sink) {
        this.decoder = decoder;
        this.inspector = inspector;
        this.sink = sink;
    }

    public void handle(CloudEvent event) {
        handle(decoder.decode(event), event.getId());
    }

    public void handle(List<Intake> intakes, String eventId) {
        for (Intake intake : intakes) {
            if (intake instanceof Intake.Accepted a) {
                inspect(a, eventId);
            } else if (intake instanceof Intake.Inspect i) {
                inspect(i.request(), eventId);
            } else if (intake instanceof Intake.Ignored i) {
                LOG.info("event ignored", "event", eventId, "method", i.method(), "resource", i.resource(),
                        "decision", "ignored", "reason", i.reason());
            } else if (intake instanceof Intake.Malformed m) {
                LOG.error("event malformed", "event", eventId, "method", m.method(), "decision", "malformed",
                        "reason", m.reason(),
                        "fix", "send a GKE audit LogEntry (see test-events/README.md); the event is acknowledged");
            }
        }
    }

    private void inspect(Intake.Accepted accepted, String eventId) {
        var event = accepted.event();
        inspect(eventId, event.method(), event.resource(), event.first(), event.last(), () -> inspector.inspect(event),
                inspection -> DecisionRouter.route(inspection, event.verb(), sink));
    }

    /** The estate sweep's request: the same inspection, every pool of the cluster as it stands now. */
    private void inspect(InspectionRequest request, String eventId) {
        inspect(eventId, InspectionRequest.METHOD, ResourceRef.parse(request.cluster()).orElseThrow(), false, false,
                () -> inspector.inspect(request), inspection -> DecisionRouter.routeInspection(inspection, sink));
    }

    private void inspect(String eventId, String method, ResourceRef resource, boolean first, boolean last,
                         Supplier<Inspection> inspect, Consumer<Inspection> route) {
        if (!inspector.policy().inScope(resource.project())) {
            LOG.info("event ignored", "event", eventId, "method", method, "resource", resource.name(),
                    "decision", "ignored", "reason", "project " + resource.project() + " is outside the policy's projects");
            return;
        }
        Inspection inspection;
        try {
            inspection = inspect.get();
        } catch (ApiFailure failure) {
            LOG.warning("will retry", "event", eventId, "resource", resource.name(),
                    "failure", failure.kind().name(), "reason", failure.getMessage());
            throw failure;
        }
        route.accept(inspection);
        for (Decision d : inspection.decisions()) {
            LOG.notice("evaluated", "event", eventId, "method", method, "resource", d.resource(),
                    "operation", d.operationId(), "first", first, "last", last,
                    "outcome", d.outcome().label(), "findings", d.findings().stream().map(Finding::checkId).toList(),
                    "decision", d.action().label(), "reason", d.reason(), "fingerprint", d.fingerprint());
        }
        inspection.guardProblems().forEach(p -> LOG.error("guard lacks a permission", "event", eventId,
                "resource", p.resource(), "call", p.call(), "permission", p.permission(), "reason", p.message()));
    }
}
