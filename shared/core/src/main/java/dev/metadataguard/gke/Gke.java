package dev.metadataguard.gke;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.ServerConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.event.ResourceRef;

/**
 * What the inspector and the replacer need from the Container API, and nothing more. Every method
 * throws {@link dev.metadataguard.api.ApiFailure} with a {@link dev.metadataguard.api.FailureKind};
 * {@link GkeCall} names the API call and the IAM permission behind each method.
 */
public interface Gke {

    Cluster getCluster(ResourceRef cluster);

    /** ListClusters on {@code projects/P/locations/-}: every cluster of the project, in all locations. */
    java.util.List<Cluster> listClusters(String project);

    NodePool getNodePool(ResourceRef pool);

    /**
     * The pool's legacy v1beta1 {@code workloadMetadataConfig.nodeMetadata} from a v1beta1 GetNodePool. The v1 API
     * has no field for metadata concealment ({@code SECURE}), so only this read can see it.
     */
    NodeMetadata getNodeMetadata(ResourceRef pool);

    /** GetServerConfig of the location: the node versions and image types GKE offers there now. */
    ServerConfig getServerConfig(String project, String location);

    Operation createNodePool(ResourceRef cluster, NodePool spec);

    Operation getOperation(String project, String location, String operationId);

    /** UpdateNodePool carrying only {@code workload_metadata_config}. */
    Operation setNodePoolWorkloadMetadata(ResourceRef pool, WorkloadMetadataConfig config);

    Operation setNodePoolSize(ResourceRef pool, int nodes);

    Operation deleteNodePool(ResourceRef pool);

    /**
     * UpdateCluster carrying only {@code desired_cluster_autoscaling}, which replaces the cluster's autoscaling,
     * guarded by the cluster's {@code etag} as read: "If an etag is provided and does not match the current etag
     * of the cluster, update will be blocked and an ABORTED error will be returned" (v1 ClusterUpdate.etag).
     *
     * @throws Conflict when the cluster changed since {@code etag} was read
     */
    Operation setClusterAutoscaling(ResourceRef cluster, com.google.container.v1.ClusterAutoscaling autoscaling,
                                    String etag);

    /** GKE refused a write guarded by an etag: the resource changed since it was read. Read it again, then retry. */
    final class Conflict extends dev.metadataguard.api.ApiFailure {
        public Conflict(dev.metadataguard.api.ApiFailure aborted) {
            super(aborted);
        }
    }

    /** UpdateCluster carrying only {@code desired_workload_identity_config}. */
    Operation enableWorkloadIdentity(ResourceRef cluster, String workloadPool);
}
