package dev.metadataguard.replay;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterAutoscaling;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.ServerConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.NodeMetadata;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import java.util.List;
import java.util.Optional;

/**
 * The Container API as the replay knows it: the embedded GKE through the real client, except for what its history
 * cannot show. A pool seen only in a v1 listing, or created in a cluster the history never shows, has a legacy
 * {@code nodeMetadata} nobody here read; this says so, and what it may be, where GKE would simply answer.
 */
final class HistoryGke implements Gke {

    /** A v1 cluster listing has no field for concealment: the pool may be exposed or concealed. */
    private static final NodeMetadata.Unread LISTED = new NodeMetadata.Unread(ClusterListing.CONCEALMENT_UNREAD,
            List.of(Optional.empty(), Optional.of("SECURE")));
    /** GKE writes GKE_METADATA on a pool created without a mode in a cluster with Workload Identity, else nothing. */
    private static final NodeMetadata.Unread UNSEEN_CLUSTER = new NodeMetadata.Unread("the pool was created by a"
            + " request without a mode in a cluster never seen; GKE sets the mode from the cluster's Workload Identity,"
            + " which is unknown", List.of(Optional.empty(), Optional.of("GKE_METADATA_SERVER")));

    private final EmbeddedGke embedded;
    private final ContainerGke client;

    HistoryGke(EmbeddedGke embedded, ContainerGke client) {
        this.embedded = embedded;
        this.client = client;
    }

    @Override
    public NodeMetadata getNodeMetadata(ResourceRef pool) {
        if (embedded.nodeMetadataUnknown(pool.name())) {
            return LISTED;
        }
        NodeMetadata read = client.getNodeMetadata(pool);
        boolean unset = read instanceof NodeMetadata.Read r && r.value().isEmpty();
        return unset && embedded.isPlaceholder(pool.clusterRef().name()) ? UNSEEN_CLUSTER : read;
    }

    @Override
    public Cluster getCluster(ResourceRef cluster) {
        return client.getCluster(cluster);
    }

    @Override
    public List<Cluster> listClusters(String project) {
        return client.listClusters(project);
    }

    @Override
    public NodePool getNodePool(ResourceRef pool) {
        return client.getNodePool(pool);
    }

    @Override
    public ServerConfig getServerConfig(String project, String location) {
        return client.getServerConfig(project, location);
    }

    @Override
    public Operation createNodePool(ResourceRef cluster, NodePool spec) {
        return client.createNodePool(cluster, spec);
    }

    @Override
    public Operation getOperation(String project, String location, String operationId) {
        return client.getOperation(project, location, operationId);
    }

    @Override
    public Operation setNodePoolWorkloadMetadata(ResourceRef pool, WorkloadMetadataConfig config) {
        return client.setNodePoolWorkloadMetadata(pool, config);
    }

    @Override
    public Operation setNodePoolSize(ResourceRef pool, int nodes) {
        return client.setNodePoolSize(pool, nodes);
    }

    @Override
    public Operation deleteNodePool(ResourceRef pool) {
        return client.deleteNodePool(pool);
    }

    @Override
    public Operation setClusterAutoscaling(ResourceRef cluster, ClusterAutoscaling autoscaling, String etag) {
        return client.setClusterAutoscaling(cluster, autoscaling, etag);
    }

    @Override
    public Operation enableWorkloadIdentity(ResourceRef cluster, String workloadPool) {
        return client.enableWorkloadIdentity(cluster, workloadPool);
    }
}
