package dev.metadataguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.ListOperationsRequest;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The embedded GKE as the scenarios see it: served on loopback for the functions, its operations finishing
 * on their own as GKE's do, and readable the way a person checks a cluster (its pools, the operations that
 * created them), besides the injected faults and call counts.
 */
final class LocalGke implements AutoCloseable {

    /** GKE finishes an operation some minutes after it began; here, within a moment. */
    private static final Duration OPERATION_TIME = Duration.ofMillis(500);

    private final EmbeddedGke gke = EmbeddedGke.loopback();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "embedded-gke-clock");
        thread.setDaemon(true);
        return thread;
    });
    private final ClusterManagerClient admin;

    LocalGke() {
        clock.scheduleWithFixedDelay(gke::completeAllOperations, OPERATION_TIME.toMillis(), OPERATION_TIME.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            // A plain client: the checks read GKE as a person would, and list operations, which the guard never does.
            admin = ClusterManagerClient.create(ClusterManagerSettings.newBuilder()
                    .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(gke.channel())))
                    .setCredentialsProvider(NoCredentialsProvider.create()).build());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port}, for {@code MG_GKE_ENDPOINT}. */
    String endpoint() {
        return "127.0.0.1:" + gke.port();
    }

    /** {@code http://127.0.0.1:PORT}, for {@code MG_COMPUTE_ENDPOINT}: the pools' managed instance groups. */
    String computeEndpoint() {
        return gke.computeEndpoint();
    }

    /** GKE has created what the entry's request asks for: what the audit entry of a real creation follows. */
    void created(JsonNode logEntry) {
        AuditEvent event = AuditEntries.event(logEntry);
        gke.seedFromAuditRequest(event.resource().name(), event.request().orElseThrow());
    }

    void failNext(String method, Status.Code code, int times) {
        gke.failNext(method, code, times);
    }

    int calls(String method) {
        return gke.calls(method);
    }

    /** The clusters of {@code project} as GKE lists them, in every location: what Cloud Asset Inventory finds. */
    List<ResourceRef> clustersOf(String project) {
        return admin.listClusters("projects/" + project + "/locations/-").getClustersList().stream()
                .map(c -> ResourceRef.cluster(project, c.getLocation(), c.getName())).toList();
    }

    /** GKE holds {@code spec} as cluster {@code cluster}, with its defaults applied, as if it had been created so. */
    void seed(String cluster, Cluster spec) {
        gke.seed(cluster, spec);
    }

    /** A person deletes the cluster through the Container API, and GKE finishes the deletion on its clock. */
    void deleteCluster(String cluster, Duration within) {
        ResourceRef ref = ResourceRef.parse(cluster).orElseThrow();
        admin.deleteCluster(ref.name());
        awaitGone(cluster, within, () -> clustersOf(ref.project()).contains(ref));
    }

    /** The node pools of {@code cluster} as GKE holds them, by name. */
    List<String> poolsOf(String cluster) {
        return admin.getCluster(ResourceRef.parse(cluster).orElseThrow().name()).getNodePoolsList().stream()
                .map(NodePool::getName).toList();
    }

    /** A person deletes the pool through the Container API, and GKE finishes the deletion on its clock. */
    void delete(String pool, Duration within) {
        ResourceRef ref = ResourceRef.parse(pool).orElseThrow();
        admin.deleteNodePool(ref.name());
        awaitGone(pool, within, () -> poolsOf(ref.clusterRef().name()).contains(ref.nodePool()));
    }

    private static void awaitGone(String resource, Duration within, BooleanSupplier listed) {
        Instant deadline = Instant.now().plus(within);
        while (listed.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(resource + " still listed " + within + " after its deletion");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    NodePool pool(String pool) {
        return admin.getNodePool(ResourceRef.parse(pool).orElseThrow().name());
    }

    /** The operations GKE ran to create {@code pool}: one per node pool it actually created. */
    List<Operation> creationsOf(String pool) {
        ResourceRef ref = ResourceRef.parse(pool).orElseThrow();
        return admin.listOperations(ListOperationsRequest.newBuilder()
                        .setParent("projects/" + ref.project() + "/locations/" + ref.location()).build())
                .getOperationsList().stream()
                .filter(op -> op.getOperationType() == Operation.Type.CREATE_NODE_POOL
                        && op.getTargetLink().endsWith("/" + ref.name()))
                .toList();
    }

    @Override
    public void close() {
        clock.shutdownNow();
        if (admin != null) {
            admin.close();
        }
        gke.close();
    }
}
