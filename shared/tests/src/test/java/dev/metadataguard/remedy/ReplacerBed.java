package dev.metadataguard.remedy;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadIdentityConfig;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.NodeRoles;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestRoles;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cluster {@code payments} of project {@code acme-prod} in the embedded GKE, reached through the real
 * container client, and the replacer's inputs: policies, decisions, roles.
 */
final class ReplacerBed implements AutoCloseable {

    static final ResourceRef CLUSTER = ResourceRef.cluster("acme-prod", "europe-west1-b", "payments");
    static final ResourceRef ORIGINAL = CLUSTER.withNodePool("batch");
    static final ResourceRef REPLACEMENT = CLUSTER.withNodePool("batch-mg-f80b52d4");
    static final String ACCOUNT = "gke-nodes@acme-prod.iam.gserviceaccount.com";
    static final ProjectRoles MINIMAL_ROLES = (project, account) -> TestRoles.held(project, NodeRoles.MINIMAL);
    /**
     * Looks every millisecond; a delivery's budget is generous, since it counts the delivery's own work too (a cold
     * JVM on a busy machine), and operations here finish on their second read.
     */
    static final Polling FAST = new Polling(Duration.ofMillis(1), Duration.ofSeconds(60));

    /** Enforce mode, replace in acme-prod with gke-nodes, and {@code replacement} settings (YAML flow map body). */
    static String enforce(String replacement) {
        return """
                mode: enforce
                remediation:
                  - match: {project: "acme-prod"}
                    action: replace
                nodeServiceAccounts:
                  acme-prod: gke-nodes@acme-prod.iam.gserviceaccount.com
                replacement: {%s}
                """.formatted(replacement);
    }

    final EmbeddedGke embedded;
    final ContainerGke gke;
    /** The real Compute client, on the embedded GKE's Compute endpoint. */
    final ComputeInstanceGroups groups;

    /** {@code payments} as the test events have it: Workload Identity on. */
    static final Cluster WORKLOAD_IDENTITY = Cluster.newBuilder()
            .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool("acme-prod.svc.id.goog"))
            .build();

    /** {@code payments}, RUNNING with Workload Identity, and the non-compliant {@link Pools#rich} pool {@code batch}. */
    ReplacerBed() {
        this(WORKLOAD_IDENTITY);
    }

    ReplacerBed(Cluster cluster) {
        this(cluster, Pools.rich(ORIGINAL.nodePool()));
    }

    /** {@code payments} as given, holding {@code original} (named as {@link #ORIGINAL}). */
    ReplacerBed(Cluster cluster, NodePool original) {
        this(EmbeddedGke.inProcess(), cluster, original);
    }

    /** As above, in an embedded GKE built with settings of its own ({@link EmbeddedGke#builder()}). */
    ReplacerBed(EmbeddedGke embedded, Cluster cluster, NodePool original) {
        this.embedded = embedded;
        this.gke = ContainerGke.connect(embedded.channel());
        this.groups = ComputeInstanceGroups.forEndpoint(embedded.computeEndpoint());
        embedded.seed(CLUSTER.name(), cluster);
        embedded.seed(CLUSTER.name(), original);
    }

    /** {@link Pools#exposedOnly}: its only finding is MG001, which an in-place update can fix. */
    static ReplacerBed exposedOnly() {
        return new ReplacerBed(WORKLOAD_IDENTITY, Pools.exposedOnly(ORIGINAL.nodePool(), ACCOUNT));
    }

    Replacer replacer(String policyYaml) {
        return replacer(policyYaml, MINIMAL_ROLES, FAST);
    }

    Replacer replacer(String policyYaml, ProjectRoles roles, Polling polling) {
        return Wiring.replacer(gke, groups, roles, PolicyLoader.parse(policyYaml, "test policy"), polling);
    }

    /** The inspector's replace decision on {@code batch} with these findings. */
    static Decision decision(String... checkIds) {
        return decisionOn(ORIGINAL.name(), checkIds);
    }

    static Decision decisionOn(String resource, String... checkIds) {
        List<Finding> findings = Arrays.stream(checkIds)
                .map(id -> new Finding(id, "finding " + id, Severity.HIGH, new Evidence("config", "compliant", "not"), ""))
                .toList();
        return new Decision(Fingerprint.of(resource, List.of(checkIds)), resource, Outcome.VIOLATION, findings, List.of(),
                Action.REPLACE, "remediation: replace", "enforce", "google.container.v1.ClusterManager.CreateNodePool",
                "operation-1", "carol@acme.example", Instant.parse("2026-11-02T12:20:00Z"), null);
    }

    /** The non-compliant findings of {@link Pools#rich}: exposed metadata, default SA, legacy endpoints. */
    static Decision richDecision() {
        return decision("MG001", "MG002", "MG004");
    }

    static RemediationOutcome outcome(TicketRequest request) {
        return ((TicketRequest.Remediated) request).outcome();
    }

    static List<RemediationOutcome.Kind> kinds(List<TicketRequest> requests) {
        return requests.stream().map(r -> outcome(r).kind()).toList();
    }

    List<String> poolNames() {
        return gke.getCluster(CLUSTER).getNodePoolsList().stream().map(NodePool::getName).toList();
    }

    @Override
    public void close() {
        groups.close();
        gke.close();
        embedded.close();
    }
}
