package dev.metadataguard.gke.embedded;

import com.google.container.v1beta1.ClusterManagerGrpc;
import com.google.container.v1beta1.GetNodePoolRequest;
import com.google.container.v1beta1.NodePool;
import com.google.container.v1beta1.WorkloadMetadataConfig;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

/**
 * {@code google.container.v1beta1.ClusterManager.GetNodePool}, the one v1beta1 call the guard makes: the
 * same pool the v1 surface shows, plus the deprecated {@code workload_metadata_config.node_metadata}
 * that only v1beta1 has (its proto comment: SECURE "prevent workloads not in hostNetwork from
 * accessing certain VM metadata, specifically kube-env ... and the instance identity token"). Other
 * v1beta1 methods answer UNIMPLEMENTED, as the generated base class does.
 */
@SuppressWarnings("deprecation") // node_metadata and the project_id/zone/cluster_id/node_pool_id fields
final class ClusterManagerBetaService extends ClusterManagerGrpc.ClusterManagerImplBase {

    private final ClusterStore store;

    ClusterManagerBetaService(ClusterStore store) {
        this.store = store;
    }

    @Override
    public void getNodePool(GetNodePoolRequest r, io.grpc.stub.StreamObserver<NodePool> out) {
        ClusterManagerService.answer(out, () -> {
            ResourceName ref = RequestNames.nodePool(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId(),
                    r.getNodePoolId());
            NodePool.Builder pool = NodePool.newBuilder();
            try {
                // Both surfaces share the JSON names of the fields they have in common.
                JsonFormat.parser().ignoringUnknownFields().merge(JsonFormat.printer().print(store.getNodePool(ref)), pool);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("a v1 node pool does not read as v1beta1", e);
            }
            store.requestedNodeMetadata(ref).ifPresent(value -> pool.getConfigBuilder().getWorkloadMetadataConfigBuilder()
                    .setNodeMetadata(WorkloadMetadataConfig.NodeMetadata.valueOf(value)));
            return pool.build();
        });
    }
}
