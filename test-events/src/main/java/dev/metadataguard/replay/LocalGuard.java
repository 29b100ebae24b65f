package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.InspectionRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.inspect.ClusterFacts;
import dev.metadataguard.inspect.DecisionRouter;
import dev.metadataguard.inspect.DecisionSink;
import dev.metadataguard.inspect.Inspection;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.PolicyEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The whole guard in one process, as the local mode runs it: the real decoder and inspector against
 * the embedded GKE, seeded from each first entry's request so that a last entry finds what its first
 * entry created, with decisions handed straight to the in-process sink.
 */
final class LocalGuard implements AutoCloseable {

    private final EventDecoder decoder;
    private final EmbeddedGke gke;
    private final ContainerGke client;
    private final Inspector inspector;
    private final DecisionSink sink;
    private final LocalOutcomes outcomes;
    private final Clock clock = Clock.systemUTC();

    /** The sweep id the estate audit's inspection requests carry. */
    private static final String SWEEP = "local-estate-audit";

    LocalGuard(ObjectMapper mapper, Policy policy, ProjectRoles roles, DecisionSinkFactory sinks) {
        this.decoder = new EventDecoder(mapper);
        this.gke = EmbeddedGke.inProcess();
        this.client = ContainerGke.connect(gke.channel());
        this.inspector = new Inspector(client, roles, policy, new PolicyEngine(), new ClusterFacts() {
            @Override
            public boolean isPlaceholder(ResourceRef cluster) {
                return gke.isPlaceholder(cluster.name());
            }
        });
        this.outcomes = new LocalOutcomes();
        this.sink = sinks.create(gke, client, inspector, outcomes);
    }

    List<Row> replay(Entries.Entry entry) {
        List<Intake> intakes = entry.json().map(json -> decoder.decode(json, entry.label()))
                .orElseGet(() -> decoder.decode(entry.raw(), entry.label()));
        List<Row> rows = new ArrayList<>();
        for (Intake intake : intakes) {
            if (intake instanceof Intake.Accepted a) {
                rows.addAll(evaluate(entry.label(), a.event()));
            } else if (intake instanceof Intake.Inspect i) {
                rows.addAll(inspect(entry.label(), i.method(), i.request()));
            } else if (intake instanceof Intake.Ignored i) {
                rows.add(new Row(entry.label(), i.method(), i.resource(), "ignored", List.of(), "none", i.reason()));
            } else if (intake instanceof Intake.Malformed m) {
                rows.add(new Row(entry.label(), m.method(), "", "error", List.of(), "none", m.reason()));
            }
        }
        return rows;
    }

    /**
     * The estate audit of one listed cluster: seeds the embedded GKE with it as listed, then inspects it
     * as a sweep's inspection request would, reading it back through the real client.
     */
    List<Row> audit(String label, ClusterListing.Item item) {
        if (item instanceof ClusterListing.OtherAsset other) {
            return List.of(new Row(label, other.shape(), other.resource(), "ignored", List.of(), "none", other.reason()));
        }
        if (item instanceof ClusterListing.Unusable unusable) {
            return List.of(new Row(label, unusable.shape(), unusable.resource(), "error", List.of(), "none",
                    unusable.reason()));
        }
        ClusterListing.Listed listed = (ClusterListing.Listed) item;
        try {
            gke.seedLive(listed.cluster(), listed.json());
        } catch (IllegalArgumentException e) {
            return List.of(new Row(label, listed.shape(), listed.cluster(), "error", List.of(), "none", e.getMessage()));
        }
        return inspect(label, listed.shape(), new InspectionRequest(listed.cluster(), SWEEP, clock.instant()));
    }

    /** An inspection request, the estate sweep's or one of a listed cluster: every pool as GKE holds it now. */
    private List<Row> inspect(String label, String method, InspectionRequest request) {
        String project = ResourceRef.parse(request.cluster()).orElseThrow().project();
        if (!inspector.policy().inScope(project)) {
            return List.of(new Row(label, method, request.cluster(), "ignored", List.of(), "none",
                    "project " + project + " is outside the policy's projects"));
        }
        List<Row> rows = new ArrayList<>(rows(label, method, () -> {
            Inspection inspection = inspector.inspect(request);
            DecisionRouter.routeInspection(inspection, sink);
            return inspection;
        }, request.cluster()));
        outcomes.take(LocalOutcomes.deletedIn(request.cluster())).ifPresent(note -> rows.add(new Row(label,
                method, request.cluster(), "deleted", List.of(), "none",
                "tickets of what is no longer in the cluster " + note)));
        return rows;
    }

    private List<Row> evaluate(String label, AuditEvent event) {
        if (!inspector.policy().inScope(event.project())) {
            return List.of(new Row(label, event.method(), event.resource().name(), "ignored", List.of(), "none",
                    "project " + event.project() + " is outside the policy's projects"));
        }
        if (event.first() && event.request().isPresent()) {
            try {
                gke.seedFromAuditRequest(event.resource().name(), event.request().get());
            } catch (IllegalArgumentException unfit) {
                // GKE would have refused such a request, so the entry is damaged or forged.
                return List.of(new Row(label, event.method(), event.resource().name(), "error", List.of(), "none",
                        "protoPayload.request cannot have created the resource: " + unfit.getMessage()));
            }
        }
        return rows(label, event.method(), () -> {
            Inspection inspection = inspector.inspect(event);
            DecisionRouter.route(inspection, event.verb(), sink);
            return inspection;
        }, event.resource().name());
    }

    private List<Row> rows(String label, String method, Supplier<Inspection> inspectAndRoute, String resource) {
        Inspection inspection;
        try {
            inspection = inspectAndRoute.get();
        } catch (ApiFailure failure) {
            return List.of(new Row(label, method, resource, "error", List.of(), "none",
                    failure.kind() + ": " + failure.getMessage()));
        }
        List<Row> rows = new ArrayList<>();
        for (Decision d : inspection.decisions()) {
            String reason = outcomes.take(d.resource()).map(note -> d.reason() + "; " + note).orElse(d.reason());
            rows.add(new Row(label, method, d.resource(), d.outcome().label(),
                    d.findings().stream().map(Finding::checkId).toList(), d.action().label(), reason));
        }
        return rows;
    }

    @Override
    public void close() {
        client.close();
        gke.close();
    }

    /**
     * Builds the in-process sink once the embedded GKE exists, since the replacer acts on it and re-judges
     * each request with the inspector's own judge.
     */
    interface DecisionSinkFactory {
        DecisionSink create(EmbeddedGke gke, ContainerGke client, Inspector inspector, LocalOutcomes outcomes);
    }
}
