package dev.metadataguard.bench;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.Policy;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.InspectionRequest;
import dev.metadataguard.event.Intake;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.sweep.EmbeddedAssetService;
import dev.metadataguard.testing.TestRoles;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The estate sweep at scale: 10,000 clusters of 4 pools each (100 projects of 100 clusters) held by the
 * embedded GKE and listed by the fake Cloud Asset Inventory on a loopback port. The sweeper's part (discovery
 * and fan-out) runs in its own JVM with a 256 MiB heap ({@link SweepFanOut}), once publishing to memory and
 * once to the Pub/Sub emulator; then this JVM inspects every cluster as the audit-inspector would (every pool
 * through the real Container API client, one request at a time, as one instance takes them).
 */
public final class EstateSweep {

    static final String ORG = "organizations/424242424242";
    private static final int PROJECTS = 100;
    private static final int CLUSTERS_PER_PROJECT = 100;
    private static final String SA = "gke-nodes@%s.iam.gserviceaccount.com";

    private EstateSweep() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        try (EmbeddedGke gke = EmbeddedGke.inProcess(); ContainerGke client = ContainerGke.connect(gke.channel())) {
            long seeding = System.nanoTime();
            Map<String, List<ResourceRef>> estate = seed(gke, client);
            seeding = System.nanoTime() - seeding;
            int clusters = estate.values().stream().mapToInt(List::size).sum();
            Figures.title("estate sweep: " + clusters + " clusters, " + 4 * clusters + " pools, " + PROJECTS
                    + " projects (embedded GKE seeded in " + Figures.decimal(seeding / 1e9, "s") + ")");
            try (EmbeddedAssetService assets = EmbeddedAssetService.loopback(estate::get)) {
                assets.scope(ORG, List.copyOf(estate.keySet()));
                sweeper(assets.port(), "memory");
                sweeper(assets.port(), "emulator");
            }
            inspect(gke, client, estate);
        }
    }

    /** Seeds every cluster, and returns what GKE's ListClusters then answers per project, as the asset listing. */
    private static Map<String, List<ResourceRef>> seed(EmbeddedGke gke, ContainerGke client) {
        Map<String, List<ResourceRef>> estate = new LinkedHashMap<>();
        for (int p = 0; p < PROJECTS; p++) {
            String project = String.format("bench-estate-%03d", p);
            String sa = String.format(SA, project);
            for (int c = 0; c < CLUSTERS_PER_PROJECT; c++) {
                ResourceRef cluster = ResourceRef.cluster(project, c % 2 == 0 ? "europe-west1" : "us-central1-a", "c" + c);
                gke.seed(cluster.name(), Cluster.newBuilder().setName(cluster.cluster())
                        .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool(project + ".svc.id.goog"))
                        .addNodePools(pool("good", sa, WorkloadMetadataConfig.Mode.GKE_METADATA, "true"))
                        .addNodePools(pool("default-sa", "default", WorkloadMetadataConfig.Mode.GCE_METADATA, "true"))
                        .addNodePools(pool("legacy", sa, WorkloadMetadataConfig.Mode.GKE_METADATA, "false"))
                        // Created without a mode: GKE writes GKE_METADATA under Workload Identity, so it is compliant.
                        .addNodePools(pool("no-mode", sa, WorkloadMetadataConfig.Mode.MODE_UNSPECIFIED, "true"))
                        .build());
            }
            estate.put(project, client.listClusters(project).stream()
                    .map(c -> ResourceRef.cluster(project, c.getLocation(), c.getName())).toList());
        }
        return estate;
    }

    private static NodePool pool(String name, String sa, WorkloadMetadataConfig.Mode mode, String legacyDisabled) {
        NodeConfig.Builder config = NodeConfig.newBuilder().setServiceAccount(sa).setMachineType("e2-standard-4")
                .putMetadata("disable-legacy-endpoints", legacyDisabled);
        if (mode != WorkloadMetadataConfig.Mode.MODE_UNSPECIFIED) {
            config.setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder().setMode(mode));
        }
        return NodePool.newBuilder().setName(name).setInitialNodeCount(3).setConfig(config).build();
    }

    /** Runs {@link SweepFanOut} in a JVM of its own with a 256 MiB heap, its figures printed as it prints them. */
    private static void sweeper(int assetPort, String publisher) throws IOException, InterruptedException {
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), SweepFanOut.class.getName(),
                Integer.toString(assetPort), publisher).inheritIO();
        if (publisher.equals("emulator")) {
            child.environment().put("PUBSUB_EMULATOR_HOST", PubsubEmulator.get().host());
        }
        System.out.flush();
        int exit = child.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the sweeper's JVM (" + publisher + ") exited with " + exit);
        }
    }

    /** Every cluster's inspection request through the audit-inspector, one after the other. */
    private static void inspect(EmbeddedGke gke, ContainerGke client, Map<String, List<ResourceRef>> estate)
            throws IOException {
        CountingSink sink = new CountingSink();
        AuditInspectorService inspector = Wiring.auditInspector(Wiring.inspector(client,
                (project, sa) -> TestRoles.held(project, Set.of("roles/logging.logWriter", "roles/monitoring.metricWriter")),
                Policy.defaults()), sink, DeadLetters.none(),
                java.util.Optional.of("projects/bench/topics/inspection-requests"));
        List<ResourceRef> clusters = new ArrayList<>();
        estate.values().forEach(clusters::addAll);
        long[] nanos = new long[clusters.size()];
        LongAdder logLines = new LongAdder();
        int retries = 0;
        int getCluster = gke.calls("GetCluster");
        int getNodePool = gke.calls("GetNodePool");
        Instant requestedAt = Instant.now();
        Memory.resetPeaks();
        long start = System.nanoTime();
        try (StructuredLog.Redirect counted = StructuredLog.redirect(line -> logLines.increment())) {
            for (int i = 0; i < nanos.length; i++) {
                var event = CloudEventBuilder.v1().withId("inspect-" + i).withType(EventDecoder.MESSAGE_PUBLISHED)
                        .withSource(URI.create("//pubsub.googleapis.com/projects/bench/topics/inspection-requests"))
                        .build();
                List<Intake> request = List.of(new Intake.Inspect(new InspectionRequest(clusters.get(i).name(), "bench",
                        requestedAt)));
                long before = System.nanoTime();
                try {
                    inspector.handle(event, request);
                } catch (ApiFailure failure) {
                    retries++;
                }
                nanos[i] = System.nanoTime() - before;
            }
        }
        long elapsed = System.nanoTime() - start;
        Arrays.sort(nanos);
        int n = nanos.length;
        Figures.title("inspector: one inspection request per cluster, every pool through the real client, one thread");
        Figures.row("clusters / pools inspected", n + " / " + 4 * n);
        Figures.row("per cluster p50 / p90 / p99 / max", String.join(" / ", Figures.millis(nanos, 0.50),
                Figures.millis(nanos, 0.90), Figures.millis(nanos, 0.99), Figures.decimal(nanos[n - 1] / 1e6, "ms")));
        Figures.row("per cluster, mean / per pool, mean", Figures.decimal(elapsed / 1e6 / n, "ms") + " / "
                + Figures.decimal(elapsed / 1e6 / n / 4, "ms"));
        Figures.row("clusters/s on one thread", Figures.decimal(n / (elapsed / 1e9), "clusters/s"));
        Figures.row("GetCluster / GetNodePool calls per cluster", Figures.decimal(
                (gke.calls("GetCluster") - getCluster) / (double) n, "") + " / "
                + Figures.decimal((gke.calls("GetNodePool") - getNodePool) / (double) n, ""));
        Figures.row("ticket requests / replacements / log lines", sink.tickets.sum() + " / "
                + sink.replacements.sum() + " / " + logLines.sum());
        Figures.row("inspections thrown for retry", Integer.toString(retries));
        Figures.row("peak heap used here (GKE's 10,000 clusters included)", Memory.mebibytes(Memory.peakHeap()));
    }
}
