package dev.metadataguard.gke.embedded;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.CreateNodePoolRequest;
import com.google.container.v1.DeleteNodePoolRequest;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.GetNodePoolRequest;
import com.google.container.v1.GetOperationRequest;
import com.google.container.v1.GetServerConfigRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import com.google.container.v1.ListNodePoolsRequest;
import com.google.container.v1.ListNodePoolsResponse;
import com.google.container.v1.ListOperationsRequest;
import com.google.container.v1.ListOperationsResponse;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.ServerConfig;
import com.google.container.v1.SetNodePoolSizeRequest;
import com.google.container.v1.UpdateClusterRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * The {@code google.container.v1.ClusterManager} methods the guard uses, over the {@link ClusterStore}.
 * Methods not overridden answer UNIMPLEMENTED, as the generated base class does. The deprecated
 * project_id/zone/cluster_id/node_pool_id fields are read on purpose: GKE still honours them.
 */
@SuppressWarnings("deprecation")
final class ClusterManagerService extends ClusterManagerGrpc.ClusterManagerImplBase {

    private final ClusterStore store;

    ClusterManagerService(ClusterStore store) {
        this.store = store;
    }

    @Override
    public void createCluster(CreateClusterRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.createCluster(RequestNames.location(r.getParent(), r.getProjectId(), r.getZone()), r.getCluster()));
    }

    @Override
    public void getCluster(GetClusterRequest r, StreamObserver<Cluster> out) {
        answer(out, () -> store.getCluster(RequestNames.cluster(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId())));
    }

    @Override
    public void listClusters(ListClustersRequest r, StreamObserver<ListClustersResponse> out) {
        answer(out, () -> ListClustersResponse.newBuilder()
                .addAllClusters(store.listClusters(RequestNames.location(r.getParent(), r.getProjectId(), r.getZone())))
                .build());
    }

    @Override
    public void updateCluster(UpdateClusterRequest r, StreamObserver<Operation> out) {
        answer(out, () -> {
            ResourceName ref = RequestNames.cluster(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId());
            ClusterUpdate update = r.getUpdate();
            if (!update.toBuilder().clearDesiredWorkloadIdentityConfig().build().equals(ClusterUpdate.getDefaultInstance())) {
                throw Rejections.unsupported("UpdateCluster changes only desired_workload_identity_config");
            }
            if (!update.hasDesiredWorkloadIdentityConfig()) {
                throw Rejections.invalid("UpdateCluster needs an update; none was given.");
            }
            return store.setWorkloadIdentity(ref, update.getDesiredWorkloadIdentityConfig());
        });
    }

    @Override
    public void createNodePool(CreateNodePoolRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.createNodePool(
                RequestNames.cluster(r.getParent(), r.getProjectId(), r.getZone(), r.getClusterId()), r.getNodePool()));
    }

    @Override
    public void getNodePool(GetNodePoolRequest r, StreamObserver<NodePool> out) {
        answer(out, () -> store.getNodePool(
                RequestNames.nodePool(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId(), r.getNodePoolId())));
    }

    @Override
    public void listNodePools(ListNodePoolsRequest r, StreamObserver<ListNodePoolsResponse> out) {
        answer(out, () -> ListNodePoolsResponse.newBuilder()
                .addAllNodePools(store.listNodePools(RequestNames.cluster(r.getParent(), r.getProjectId(), r.getZone(), r.getClusterId())))
                .build());
    }

    @Override
    public void updateNodePool(UpdateNodePoolRequest r, StreamObserver<Operation> out) {
        answer(out, () -> {
            ResourceName ref = RequestNames.nodePool(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId(), r.getNodePoolId());
            UpdateNodePoolRequest others = r.toBuilder().clearName().clearProjectId().clearZone().clearClusterId()
                    .clearNodePoolId().clearWorkloadMetadataConfig().build();
            if (!others.equals(UpdateNodePoolRequest.getDefaultInstance())) {
                throw Rejections.unsupported("UpdateNodePool changes only workload_metadata_config");
            }
            if (!r.hasWorkloadMetadataConfig()) {
                throw Rejections.invalid("UpdateNodePool needs an update; none was given.");
            }
            return store.setWorkloadMetadata(ref, r.getWorkloadMetadataConfig());
        });
    }

    @Override
    public void setNodePoolSize(SetNodePoolSizeRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.setNodePoolSize(
                RequestNames.nodePool(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId(), r.getNodePoolId()),
                r.getNodeCount()));
    }

    @Override
    public void deleteNodePool(DeleteNodePoolRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.deleteNodePool(
                RequestNames.nodePool(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId(), r.getNodePoolId())));
    }

    @Override
    public void getServerConfig(GetServerConfigRequest r, StreamObserver<ServerConfig> out) {
        answer(out, () -> {
            RequestNames.location(r.getName(), r.getProjectId(), r.getZone());
            return store.offer.serverConfig();
        });
    }

    @Override
    public void getOperation(GetOperationRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.readOperation(RequestNames.operation(r.getName(), r.getProjectId(), r.getZone(), r.getOperationId())));
    }

    @Override
    public void listOperations(ListOperationsRequest r, StreamObserver<ListOperationsResponse> out) {
        answer(out, () -> ListOperationsResponse.newBuilder()
                .addAllOperations(store.listOperations(RequestNames.location(r.getParent(), r.getProjectId(), r.getZone())))
                .build());
    }

    /** Sends {@code body}'s result, or the status GKE would answer. */
    static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
        T result;
        try {
            result = body.get();
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
