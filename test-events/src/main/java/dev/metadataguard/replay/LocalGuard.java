package dev.metadataguard.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.event.InspectionRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.DecisionRouter;
import dev.metadataguard.inspect.DecisionSink;
import dev.metadataguard.inspect.Inspection;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.NodeSettings;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.runtime.Wiring;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The whole guard in one process, as the local mode runs it: the audit-inspector's own service (the real
 * decoder and inspector) against the embedded GKE, which applies each first entry's request (any
 * ClusterManager method, {@link EntryChange}) before the entries that follow, so a last entry finds what
 * its first entry created and an update is judged on the state after it, with decisions handed straight
 * to the in-process sink. An
 * audit entry's row is the service's log line for it, so the replay says what the function would.
 */
final class LocalGuard implements AutoCloseable {

    private static final String INSPECTOR_LOG = "audit-inspector";
    private static final StructuredLog LOG = StructuredLog.of("replay");

    private final ObjectMapper mapper;
    private final EventDecoder decoder;
    private final AuditInspectorService service;
    private final EmbeddedGke gke;
    private final ContainerGke client;
    private final ComputeInstanceGroups groups;
    private final Inspector inspector;
    private final DecisionSink sink;
    private final LocalOutcomes outcomes;
    private final Clock clock = Clock.systemUTC();

    /** The sweep id the estate audit's inspection requests carry. */
    private static final String SWEEP = "local-estate-audit";

    /** With {@code --prevent}: what the checks' constraints would have refused. */
    private final Optional<PreviewRun> preview;

    LocalGuard(ObjectMapper mapper, Policy policy, ProjectRoles roles, DecisionSinkFactory sinks, boolean prevent) {
        this.mapper = mapper;
        this.decoder = new EventDecoder(mapper);
        this.gke = EmbeddedGke.inProcess();
        this.client = ContainerGke.connect(gke.channel());
        this.groups = ComputeInstanceGroups.forEndpoint(gke.computeEndpoint());
        Gke history = new HistoryGke(gke, client);
        this.inspector = Wiring.inspector(history, roles, policy);
        this.outcomes = new LocalOutcomes();
        this.sink = sinks.create(gke, history, groups, outcomes);
        this.service = Wiring.auditInspector(inspector, sink, DeadLetters.none(), Optional.empty());
        this.preview = prevent ? Optional.of(new PreviewRun(new Preview(Checks.ALL, mapper), mapper, client, gke))
                : Optional.empty();
    }

    /** The preview's summary lines; none without {@code --prevent}. */
    List<String> previewSummary() {
        return preview.map(PreviewRun::summary).orElse(List.of());
    }

    List<Row> replay(Entries.Entry entry) {
        List<Intake> intakes = entry.json().map(json -> decoder.decode(json, entry.label()))
                .orElseGet(() -> decoder.decode(entry.raw(), entry.label()));
        CloudEvent event = CloudEventBuilder.v1().withId(entry.label()).withSource(URI.create("replay"))
                .withType("dev.metadataguard.replay").withData(entry.raw()).build();
        List<Row> rows = new ArrayList<>();
        for (Intake intake : intakes) {
            String method = "";
            Optional<String> applied = Optional.empty();
            if (intake instanceof Intake.Inspect i) {
                // A sweep's request also reports the tickets of what the cluster no longer holds.
                rows.addAll(inspect(entry.label(), i.method(), i.request()));
                continue;
            }
            Optional<EntryChange> change = EntryChange.of(intake, entry.json());
            if (change.isPresent()) {
                try {
                    applied = Optional.of(gke.applyAuditRequest(change.get().method(), change.get().resource(),
                            change.get().request()).what());
                } catch (IllegalArgumentException unfit) {
                    // GKE would have refused such a request, so the entry is damaged or forged: it changed nothing.
                    rows.add(new Row(entry.label(), intake.method(), change.get().resource(), "error", List.of(), "none",
                            unfit.getMessage()));
                    continue;
                }
            }
            if (intake instanceof Intake.Accepted a) {
                method = a.event().method();
            } else if (intake instanceof Intake.Ignored i) {
                method = i.method();
            } else if (intake instanceof Intake.Malformed m) {
                method = m.method();
            }
            List<String> lines = new ArrayList<>();
            try (StructuredLog.Redirect captured = StructuredLog.redirect(lines::add)) {
                service.handle(event, List.of(intake));
            } catch (ApiFailure retryable) {
                // The function would be called again; its "will retry" line makes the row.
            }
            // A method the guard does not evaluate still changed the embedded GKE: its row says how.
            String note = intake instanceof Intake.Ignored ? applied.map(what -> "; replay: " + what).orElse("") : "";
            String operation = entry.json().map(j -> j.path("operation").path("id").asText("")).orElse("");
            boolean changed = applied.isPresent();
            Optional<PreviewRun.Verdict> verdict = preview.flatMap(p -> changed
                    ? change.flatMap(c -> p.judge(c.method(), c.resource(), c.request(), operation))
                    : p.remembered(operation));
            for (String line : lines) {
                row(entry.label(), method, line).map(r -> r.withReason(r.reason() + note))
                        .map(r -> verdict.flatMap(v -> preview.map(p -> p.apply(r, v))).orElse(r)).ifPresent(rows::add);
            }
        }
        return rows;
    }

    /** The row of one of the service's log lines; a line that is no outcome (a missing permission) has none. */
    private Optional<Row> row(String label, String method, String line) {
        JsonNode l;
        try {
            l = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a log line is JSON: " + line, e);
        }
        if (!INSPECTOR_LOG.equals(l.path("component").asText())) {
            return Optional.empty();
        }
        String resource = l.path("resource").asText("");
        String reason = l.path("reason").asText("");
        return switch (l.path("message").asText()) {
            case "evaluated" -> {
                List<String> findings = new ArrayList<>();
                l.path("findings").forEach(f -> findings.add(f.asText()));
                String noted = outcomes.take(resource).map(note -> reason + "; " + note).orElse(reason);
                yield Optional.of(new Row(label, method, resource, l.path("outcome").asText(), findings,
                        l.path("decision").asText(), noted, outcomes.takeRemedy(resource))
                        .withExemption(Optional.ofNullable(l.get("exemption"))));
            }
            case "event ignored" -> Optional.of(new Row(label, method, resource, "ignored", List.of(), "none", reason));
            case "deleted" -> Optional.of(new Row(label, method, resource, "deleted", List.of(), "none",
                    outcomes.take(resource).map(note -> reason + "; " + note).orElse(reason)));
            case "will retry" -> Optional.of(new Row(label, method, resource, "error", List.of(), "none",
                    l.path("failure").asText() + ": " + reason));
            default -> l.has("decision") && "ERROR".equals(l.path("severity").asText())
                    ? Optional.of(new Row(label, method, resource, "error", List.of(), "none", reason))
                    : Optional.empty();
        };
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
            gke.seedLive(listed.cluster(), listed.json(), listed.showsConcealment());
        } catch (IllegalArgumentException e) {
            return List.of(new Row(label, listed.shape(), listed.cluster(), "error", List.of(), "none", e.getMessage()));
        }
        List<Row> rows = inspect(label, listed.shape(), new InspectionRequest(listed.cluster(), SWEEP, clock.instant()));
        return preview.map(p -> rows.stream().map(r -> r.outcome().equals("deleted") ? r
                : p.apply(r, p.listed(r.resource(), listed.json()))).toList()).orElse(rows);
    }

    /** An inspection request, the estate sweep's or one of a listed cluster: every pool as GKE holds it now. */
    private List<Row> inspect(String label, String method, InspectionRequest request) {
        String project = ResourceRef.parse(request.cluster()).orElseThrow().project();
        if (!inspector.policy().inScope(project)) {
            return List.of(new Row(label, method, request.cluster(), "ignored", List.of(), "none",
                    "project " + project + " is outside the policy's projects"));
        }
        List<Row> rows = new ArrayList<>(rows(label, method, () -> {
            // The replay stands in for the sweeper: the harness, not the message, says the request came on the
            // inspection topic (an estate listing's requests carry no mayReplace).
            Inspection inspection = inspector.inspect(request, true);
            DecisionRouter.routeInspection(inspection, sink);
            return inspection;
        }, request.cluster()));
        outcomes.take(LocalOutcomes.deletedIn(request.cluster())).ifPresent(note -> rows.add(new Row(label,
                method, request.cluster(), "deleted", List.of(), "none",
                "tickets of what is no longer in the cluster " + note)));
        return rows;
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
                    d.findings().stream().map(Finding::checkId).toList(), d.action().label(), reason,
                    outcomes.takeRemedy(d.resource())));
        }
        return rows;
    }

    /**
     * The node service account of every pool the embedded GKE holds now in {@code projects}, and of each
     * cluster's auto-provisioning defaults, by full name: for the report's who-shares-what. A project the
     * embedded GKE cannot list has no accounts, and its pools are left out of that list.
     */
    Map<String, NodeAccount> nodeAccounts(Collection<String> projects) {
        Map<String, NodeAccount> accounts = new HashMap<>();
        for (String project : projects) {
            List<Cluster> clusters;
            try {
                clusters = client.listClusters(project);
            } catch (ApiFailure failure) {
                LOG.warning("node accounts not read", "project", project, "reason", failure.getMessage());
                continue;
            }
            for (Cluster cluster : clusters) {
                ResourceRef ref = ResourceRef.cluster(project, cluster.getLocation(), cluster.getName());
                for (NodePool pool : cluster.getNodePoolsList()) {
                    accounts.put(ref.withNodePool(pool.getName()).name(),
                            NodeAccount.of(project, NodeSettings.of("", pool.getConfig(), Optional.empty())));
                }
                if (cluster.getAutoscaling().getEnableNodeAutoprovisioning()) {
                    accounts.put(ref.name(), NodeAccount.of(project,
                            NodeSettings.of("", cluster.getAutoscaling().getAutoprovisioningNodePoolDefaults())));
                }
            }
        }
        return accounts;
    }

    @Override
    public void close() {
        groups.close();
        client.close();
        gke.close();
    }

    /**
     * Builds the in-process sink once the embedded GKE exists, since the replacer acts on it and re-judges
     * each request as the inspector does, through {@code history}.
     */
    interface DecisionSinkFactory {
        DecisionSink create(EmbeddedGke gke, Gke history, InstanceGroups groups, LocalOutcomes outcomes);
    }
}
