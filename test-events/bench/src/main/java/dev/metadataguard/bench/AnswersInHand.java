package dev.metadataguard.bench;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.NodeMetadata;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Container API's answer about one cluster, fetched once from the embedded GKE and then served
 * from memory, so that a benchmark times the guard's own work and not a gRPC round trip.
 */
record AnswersInHand(Cluster cluster, Map<String, String> nodeMetadata) implements Gke {

    /** What GetCluster returns once {@code event}'s creation request has run. */
    static AnswersInHand after(AuditEvent event) {
        try (EmbeddedGke gke = EmbeddedGke.inProcess(); ContainerGke client = ContainerGke.connect(gke.channel())) {
            gke.seedFromAuditRequest(event.resource().name(), event.request().orElseThrow(
                    () -> new IllegalArgumentException(event.method() + " carries no request to seed from")));
            Cluster cluster = client.getCluster(event.resource().clusterRef());
            Map<String, String> nodeMetadata = new HashMap<>();
            for (NodePool pool : cluster.getNodePoolsList()) {
                if (client.getNodeMetadata(event.resource().clusterRef().withNodePool(pool.getName()))
                        instanceof NodeMetadata.Read read) {
                    read.value().ifPresent(value -> nodeMetadata.put(pool.getName(), value));
                }
            }
            return new AnswersInHand(cluster, Map.copyOf(nodeMetadata));
        }
    }

    @Override
    public Cluster getCluster(ResourceRef ref) {
        return cluster;
    }

    @Override
    public java.util.List<Cluster> listClusters(String project) {
        throw readOnly();
    }

    @Override
    public NodePool getNodePool(ResourceRef pool) {
        return cluster.getNodePoolsList().stream().filter(p -> p.getName().equals(pool.nodePool())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pool " + pool.nodePool() + " in " + cluster.getName()));
    }

    @Override
    public NodeMetadata getNodeMetadata(ResourceRef pool) {
        return new NodeMetadata.Read(Optional.ofNullable(nodeMetadata.get(pool.nodePool())));
    }

    @Override
    public Operation createNodePool(ResourceRef cluster, NodePool spec) {
        throw readOnly();
    }

    @Override
    public com.google.container.v1.ServerConfig getServerConfig(String project, String location) {
        throw readOnly();
    }

    @Override
    public Operation getOperation(String project, String location, String operationId) {
        throw readOnly();
    }

    @Override
    public Operation setNodePoolWorkloadMetadata(ResourceRef pool, WorkloadMetadataConfig config) {
        throw readOnly();
    }

    @Override
    public Operation setNodePoolSize(ResourceRef pool, int nodes) {
        throw readOnly();
    }

    @Override
    public Operation deleteNodePool(ResourceRef pool) {
        throw readOnly();
    }

    @Override
    public Operation setClusterAutoscaling(ResourceRef cluster, com.google.container.v1.ClusterAutoscaling autoscaling,
                                           String etag) {
        throw readOnly();
    }

    @Override
    public Operation enableWorkloadIdentity(ResourceRef cluster, String workloadPool) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the inspector only reads the cluster it inspects");
    }
}
