package dev.metadataguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.e2e.Guard.Function;
import dev.metadataguard.ticket.Ticket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The estate sweep end to end: a message on {@code sweep-requests} (what Cloud Scheduler sends) reaches the
 * estate-sweeper under the invoker, which lists the clusters of its scope in the embedded Cloud Asset
 * Inventory (or, with that API disabled, with ListClusters over the policy's projects) and sends one
 * inspection request per cluster in the policy's projects to {@code inspection-requests}; the audit-inspector
 * judges every pool of each, and the ticket-opener keeps the tickets in a folder. Once complete, the sweep
 * sends the ticket-opener the clusters it found, so a cluster deleted unseen has its tickets resolved.
 */
class SweepEndToEndIT extends GuardScenarios {

    private static final String LEGACY = "projects/acme-dev/locations/us-central1/clusters/legacy";
    private static final String SCRATCH = "projects/acme-dev/locations/europe-west4-a/clusters/scratch";
    /** In the sweep's scope, but in a project the policy leaves out. */
    private static final String SANDBOX = "projects/acme-sandbox/locations/europe-west1-b/clusters/sandbox";

    /** Every pool of the clusters seeded before the sweeps, with the checks its ticket names; empty for none. */
    private static final List<String> SWEPT = List.of(
            PAYMENTS + "/nodePools/default-pool -",
            CHECKOUT + "/nodePools/web -",
            CHECKOUT + "/nodePools/batch OPEN MG001 MG002 MG005",
            CHECKOUT + "/nodePools/jobs OPEN MG004",
            LEGACY + "/nodePools/default-pool OPEN MG001 MG002 MG004 MG005",
            SANDBOX + "/nodePools/exposed -");

    @Override
    String policy() {
        return "dry-run.yaml";
    }

    /** The ListClusters fallback needs the projects by name; acme-sandbox stays out of scope. */
    @Override
    String policyText() {
        return super.policyText() + "projects: [acme-prod, acme-dev]\n";
    }

    @Override
    Set<Function> functions() {
        return Set.of(Function.values());
    }

    /** The folder sink: it can list the clusters its open tickets are about, which the sweep's last step needs. */
    @Override
    List<String> sinks() {
        return List.of("directory");
    }

    @BeforeAll
    void seedTheEstate() {
        guard.gke().created(AuditEntries.of("19-create-cluster-v1-first-three-pools-mixed.json"));
        guard.gke().created(AuditEntries.of("03-create-cluster-v1beta1-first-legacy-nodeconfig-push.json"));
        guard.gke().seed(SANDBOX, Cluster.newBuilder().setName("sandbox").addNodePools(NodePool.newBuilder()
                .setName("exposed").setInitialNodeCount(1).setConfig(NodeConfig.newBuilder().setServiceAccount("default")
                        .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder()
                                .setMode(WorkloadMetadataConfig.Mode.GCE_METADATA)))).build());
    }

    @Test
    void aSweepTicketsEveryViolatingPoolInThePolicysProjectsAndNothingElse() {
        JsonNode report = sweep();

        assertEquals("cloud-asset-inventory " + Guard.SWEEP_SCOPE, report.path("source").asText(), guard::diagnostics);
        assertEquals(SWEPT, states(SWEPT), guard::diagnostics);
        assertEquals(1, report.path("outOfScope").asInt(), "acme-sandbox's cluster is listed, not inspected");
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aClusterDeletedUnseenHasItsTicketsResolvedByTheNextSweep() {
        guard.gke().created(AuditEntries.of("04-create-cluster-v1-first-defaults-auditlog.json"));
        String pool = SCRATCH + "/nodePools/default-pool";
        sweep();
        assertEquals(List.of(pool + " OPEN MG001 MG002"), states(List.of(pool + " ?")), guard::diagnostics);

        // Deleted between two sweeps: no audit entry reaches the guard, only the next sweep's listing shows it.
        guard.gke().deleteCluster(SCRATCH, Duration.ofSeconds(30));
        sweep();

        assertEquals(List.of(pool + " RESOLVED MG001 MG002"), states(List.of(pool + " ?")), guard::diagnostics);
        Ticket scratch = guard.ticketFiles().stream().filter(t -> t.resource().equals(pool)).findFirst().orElseThrow();
        assertEquals("deleted: the cluster no longer exists (GKE answered NOT_FOUND)",
                scratch.resolution().orElseThrow().reason());
        assertEquals(SWEPT, states(SWEPT), "the other clusters' tickets stay as they were");
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void withTheAssetApiDisabledTheSweepListsThePolicysProjectsInsteadAndFindsTheSame() {
        int listed = guard.gke().calls("ListClusters");
        guard.assets().disableApi();
        try {
            JsonNode report = sweep();

            assertEquals("ListClusters over 2 projects", report.path("source").asText(), guard::diagnostics);
            assertEquals(0, report.path("outOfScope").asInt(), "acme-sandbox is not one of the policy's projects");
        } finally {
            guard.assets().enableApi();
        }
        // One per project of the policy's.
        assertEquals(2, guard.gke().calls("ListClusters") - listed);
        assertEquals(SWEPT, states(SWEPT), guard::diagnostics);
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    /** Publishes a sweep request as Cloud Scheduler does, waits until everything it led to settled, and returns its report. */
    private JsonNode sweep() {
        String id = guard.publish("sweep-requests", "{}".getBytes(StandardCharsets.UTF_8));
        guard.awaitSettled(SETTLE);
        return guard.logOf(Function.ESTATE_SWEEPER).stream()
                .filter(l -> l.path("message").asText().equals("sweep finished")
                        && l.path("sweep").asText().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no report of sweep " + id + guard.diagnostics()));
    }

    /**
     * For each {@code "POOL ..."}, the pool followed by its ticket's state and checks, or {@code -} when the
     * folder holds no ticket about it; several tickets about one pool show as several.
     */
    private List<String> states(List<String> pools) {
        List<Ticket> tickets = guard.ticketFiles();
        return pools.stream().map(line -> line.substring(0, line.indexOf(' '))).map(pool -> {
            String found = tickets.stream().filter(t -> t.resource().equals(pool))
                    .map(t -> t.status() + " " + t.problems().stream().map(Ticket.Problem::checkId)
                            .collect(Collectors.joining(" ")))
                    .collect(Collectors.joining(" | "));
            return pool + " " + (found.isEmpty() ? "-" : found);
        }).toList();
    }
}
