package dev.metadataguard.gke;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterAutoscaling;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.CreateNodePoolRequest;
import com.google.container.v1.DeleteNodePoolRequest;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.GetNodePoolRequest;
import com.google.container.v1.GetOperationRequest;
import com.google.container.v1.GetServerConfigRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.ServerConfig;
import com.google.container.v1.SetNodePoolSizeRequest;
import com.google.container.v1.UpdateClusterRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.google.GaxFailures;
import dev.metadataguard.google.GoogleClients;
import dev.metadataguard.google.LazyClient;
import dev.metadataguard.runtime.Environment;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@link Gke} over the real {@code google-cloud-container} client, built on first use, one attempt
 * per call ({@link GoogleClients#noRetries}).
 */
public final class ContainerGke implements Gke, AutoCloseable {

    public static final Duration DEFAULT_DEADLINE = GoogleClients.DEFAULT_DEADLINE;

    /**
     * GKE answers FAILED_PRECONDITION both for requests that can never work and for a cluster that
     * is busy or not yet RUNNING; only the latter is worth retrying.
     */
    private static final Pattern BUSY = Pattern.compile(
            "(?i)incompatible operation|another operation|currently (being )?(creat|updat|upgrad|repair|delet|reconcil)"
                    + "|not (yet )?(running|ready)|is (provisioning|reconciling)");

    private final LazyClient<ClusterManagerClient> client;
    /** Only for {@link #getNodeMetadata}: the v1 API cannot show legacy concealment. */
    private final LazyClient<com.google.cloud.container.v1beta1.ClusterManagerClient> beta;

    private ContainerGke(LazyClient.Factory<ClusterManagerSettings> settings,
                         LazyClient.Factory<com.google.cloud.container.v1beta1.ClusterManagerSettings> betaSettings) {
        this.client = new LazyClient<>("container", () -> ClusterManagerClient.create(settings.create()));
        this.beta = new LazyClient<>("container", () -> com.google.cloud.container.v1beta1.ClusterManagerClient
                .create(betaSettings.create()));
    }

    /** The loopback GKE that {@link Environment#GKE_ENDPOINT} names (tests, the replay), else {@link #production}. */
    public static ContainerGke fromEnvironment(Environment env) {
        return env.get(Environment.GKE_ENDPOINT).map(ContainerGke::forEndpoint).orElseGet(ContainerGke::production);
    }

    /** Production: Google default credentials, {@code container.googleapis.com}. */
    public static ContainerGke production() {
        return new ContainerGke(() -> configured(ClusterManagerSettings.newBuilder(), DEFAULT_DEADLINE),
                () -> configured(com.google.cloud.container.v1beta1.ClusterManagerSettings.newBuilder(), DEFAULT_DEADLINE));
    }

    /** Over a channel the caller owns and closes, without credentials (the embedded GKE). */
    public static ContainerGke connect(ManagedChannel channel) {
        return connect(channel, DEFAULT_DEADLINE);
    }

    public static ContainerGke connect(ManagedChannel channel, Duration deadline) {
        return new ContainerGke(() -> configured(ClusterManagerSettings.newBuilder()
                .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create()), deadline),
                () -> configured(com.google.cloud.container.v1beta1.ClusterManagerSettings.newBuilder()
                        .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                        .setCredentialsProvider(NoCredentialsProvider.create()), deadline));
    }

    /** Plaintext, without credentials, to {@code host:port}: only for a loopback embedded GKE. */
    public static ContainerGke forEndpoint(String hostAndPort) {
        return new ContainerGke(() -> configured(ClusterManagerSettings.newBuilder()
                .setTransportChannelProvider(GoogleClients.plaintext(hostAndPort))
                .setCredentialsProvider(NoCredentialsProvider.create()), DEFAULT_DEADLINE),
                () -> configured(com.google.cloud.container.v1beta1.ClusterManagerSettings.newBuilder()
                        .setTransportChannelProvider(GoogleClients.plaintext(hostAndPort))
                        .setCredentialsProvider(NoCredentialsProvider.create()), DEFAULT_DEADLINE));
    }

    private static ClusterManagerSettings configured(ClusterManagerSettings.Builder builder, Duration deadline)
            throws IOException {
        return builder.applyToAllUnaryMethods(GoogleClients.noRetries(deadline)).build();
    }

    private static com.google.cloud.container.v1beta1.ClusterManagerSettings configured(
            com.google.cloud.container.v1beta1.ClusterManagerSettings.Builder builder, Duration deadline)
            throws IOException {
        return builder.applyToAllUnaryMethods(GoogleClients.noRetries(deadline)).build();
    }

    @Override
    public Cluster getCluster(ResourceRef cluster) {
        return call(GkeCall.GET_CLUSTER, cluster.clusterName(), c -> c.getCluster(
                GetClusterRequest.newBuilder().setName(cluster.clusterName()).build()));
    }

    @Override
    public java.util.List<Cluster> listClusters(String project) {
        String parent = "projects/" + project + "/locations/-";
        ListClustersResponse response = call(GkeCall.LIST_CLUSTERS, parent, c -> c.listClusters(
                ListClustersRequest.newBuilder().setParent(parent).build()));
        if (response.getMissingZonesCount() > 0) {
            // "If any zones are listed here, the list of clusters returned may be missing those zones."
            throw new ApiFailure(FailureKind.TRANSIENT, GkeCall.LIST_CLUSTERS.restMethod(), parent
                    + ": GKE could not list zones " + response.getMissingZonesList());
        }
        return response.getClustersList();
    }

    @Override
    public NodePool getNodePool(ResourceRef pool) {
        return call(GkeCall.GET_NODE_POOL, poolName(pool), c -> c.getNodePool(
                GetNodePoolRequest.newBuilder().setName(pool.name()).build()));
    }

    @Override
    public NodeMetadata getNodeMetadata(ResourceRef pool) {
        String name = poolName(pool);
        com.google.container.v1beta1.NodePool found;
        try {
            found = beta.get().getNodePool(com.google.container.v1beta1.GetNodePoolRequest.newBuilder()
                    .setName(name).build());
        } catch (ApiException e) {
            throw GaxFailures.failure(kindOf(e), GkeCall.GET_NODE_METADATA.restMethod(), name, e);
        }
        @SuppressWarnings("deprecation") // node_metadata is deprecated, and the only field that shows SECURE
        com.google.container.v1beta1.WorkloadMetadataConfig.NodeMetadata value =
                found.getConfig().getWorkloadMetadataConfig().getNodeMetadata();
        return new NodeMetadata.Read(switch (value) {
            case UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
            default -> Optional.of(value.name());
        });
    }

    @Override
    public Operation createNodePool(ResourceRef cluster, NodePool spec) {
        String target = cluster.clusterName() + "/nodePools/" + spec.getName();
        return call(GkeCall.CREATE_NODE_POOL, target, c -> c.createNodePool(CreateNodePoolRequest.newBuilder()
                .setParent(cluster.clusterName())
                .setNodePool(spec)
                .build()));
    }

    @Override
    public ServerConfig getServerConfig(String project, String location) {
        String name = "projects/" + project + "/locations/" + location;
        return call(GkeCall.GET_SERVER_CONFIG, name, c -> c.getServerConfig(
                GetServerConfigRequest.newBuilder().setName(name).build()));
    }

    @Override
    public Operation getOperation(String project, String location, String operationId) {
        String name = "projects/" + project + "/locations/" + location + "/operations/" + operationId;
        return call(GkeCall.GET_OPERATION, name, c -> c.getOperation(
                GetOperationRequest.newBuilder().setName(name).build()));
    }

    @Override
    public Operation setNodePoolWorkloadMetadata(ResourceRef pool, WorkloadMetadataConfig config) {
        return call(GkeCall.SET_NODE_POOL_WORKLOAD_METADATA, poolName(pool), c -> c.updateNodePool(
                UpdateNodePoolRequest.newBuilder().setName(pool.name()).setWorkloadMetadataConfig(config).build()));
    }

    @Override
    public Operation setNodePoolSize(ResourceRef pool, int nodes) {
        return call(GkeCall.SET_NODE_POOL_SIZE, poolName(pool), c -> c.setNodePoolSize(
                SetNodePoolSizeRequest.newBuilder().setName(pool.name()).setNodeCount(nodes).build()));
    }

    @Override
    public Operation deleteNodePool(ResourceRef pool) {
        return call(GkeCall.DELETE_NODE_POOL, poolName(pool), c -> c.deleteNodePool(
                DeleteNodePoolRequest.newBuilder().setName(pool.name()).build()));
    }

    @Override
    public Operation setClusterAutoscaling(ResourceRef cluster, ClusterAutoscaling autoscaling, String etag) {
        ClusterUpdate update = ClusterUpdate.newBuilder().setDesiredClusterAutoscaling(autoscaling).setEtag(etag).build();
        try {
            return call(GkeCall.SET_CLUSTER_AUTOSCALING, cluster.clusterName(), c -> c.updateCluster(
                    UpdateClusterRequest.newBuilder().setName(cluster.clusterName()).setUpdate(update).build()));
        } catch (ApiFailure failure) {
            if (failure.getCause() instanceof ApiException e && e.getStatusCode().getCode() == StatusCode.Code.ABORTED) {
                throw new Conflict(failure);
            }
            throw failure;
        }
    }

    @Override
    public Operation enableWorkloadIdentity(ResourceRef cluster, String workloadPool) {
        ClusterUpdate update = ClusterUpdate.newBuilder()
                .setDesiredWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool(workloadPool))
                .build();
        return call(GkeCall.ENABLE_WORKLOAD_IDENTITY, cluster.clusterName(), c -> c.updateCluster(
                UpdateClusterRequest.newBuilder().setName(cluster.clusterName()).setUpdate(update).build()));
    }

    private static String poolName(ResourceRef pool) {
        if (!pool.isNodePool()) {
            throw new IllegalArgumentException("a node pool reference is needed, got " + pool);
        }
        return pool.name();
    }

    private <T> T call(GkeCall call, String target, Function<ClusterManagerClient, T> body) {
        try {
            return body.apply(client.get());
        } catch (ApiException e) {
            throw GaxFailures.failure(kindOf(e), call.restMethod(), target, e);
        }
    }

    private static FailureKind kindOf(ApiException e) {
        boolean busy = e.getStatusCode().getCode() == StatusCode.Code.FAILED_PRECONDITION
                && BUSY.matcher(String.valueOf(e.getMessage())).find();
        return busy ? FailureKind.BUSY : GaxFailures.kindOf(e);
    }

    @Override
    public void close() {
        client.close();
        beta.close();
    }
}
