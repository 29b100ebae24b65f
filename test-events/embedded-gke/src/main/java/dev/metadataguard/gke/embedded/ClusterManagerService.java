package dev.metadataguard.gke.embedded;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.CreateNodePoolRequest;
import com.google.container.v1.DeleteClusterRequest;
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
import com.google.container.v1.SetLabelsRequest;
import com.google.container.v1.SetNodePoolAutoscalingRequest;
import com.google.container.v1.SetNodePoolManagementRequest;
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
        answer(out, () -> store.updateCluster(RequestNames.cluster(r.getName(), r.getProjectId(), r.getZone(),
                r.getClusterId()), r.getUpdate()));
    }

    @Override
    public void setLabels(SetLabelsRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.setLabels(RequestNames.cluster(r.getName(), r.getProjectId(), r.getZone(),
                r.getClusterId()), r.getResourceLabelsMap(), r.getLabelFingerprint()));
    }

    @Override
    public void deleteCluster(DeleteClusterRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.deleteCluster(RequestNames.cluster(r.getName(), r.getProjectId(), r.getZone(),
                r.getClusterId())));
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
        answer(out, () -> store.updateNodePool(
                RequestNames.nodePool(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId(), r.getNodePoolId()), r));
    }

    @Override
    public void setNodePoolAutoscaling(SetNodePoolAutoscalingRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.setNodePoolAutoscaling(
                RequestNames.nodePool(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId(), r.getNodePoolId()),
                r.getAutoscaling()));
    }

    @Override
    public void setNodePoolManagement(SetNodePoolManagementRequest r, StreamObserver<Operation> out) {
        answer(out, () -> store.setNodePoolManagement(
                RequestNames.nodePool(r.getName(), r.getProjectId(), r.getZone(), r.getClusterId(), r.getNodePoolId()),
                r.getManagement()));
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
