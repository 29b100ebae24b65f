package dev.metadataguard.gke.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A GKE {@code ClusterManager} served over real gRPC, for tests and the local replay: the real
 * google-cloud-container client talks to it (over {@link #channel()}) as to GKE. It applies GKE's
 * defaults, runs long-running operations, rejects what GKE rejects, and lets tests inject faults and
 * latency and count calls.
 * Operations are DONE on their second read by default ({@link #operationsFinishAfterReads}); built with an
 * operation time ({@link Builder#operationTime}) they run that long instead, as GKE's do.
 * The pools' managed instance groups are served by an embedded Compute Engine on loopback HTTP
 * ({@link #computeEndpoint()}), which the pools' {@code instance_group_urls} point at.
 */
public final class EmbeddedGke implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final EmbeddedCompute compute = new EmbeddedCompute();
    private final ClusterStore store;
    private final FaultInjector faults = new FaultInjector();
    private final Server server;
    private final ManagedChannel channel;
    private final AuditChanges changes;

    private EmbeddedGke(Builder settings, ServerBuilder<?> builder, Function<Server, ManagedChannel> channelTo) {
        store = new ClusterStore(compute.endpoint(), settings.clock, settings.operationTime);
        compute.serve(store);
        // Before GKE answers a request, the operations whose time is up have finished.
        ServerInterceptor timePasses = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                store.elapse();
                return next.startCall(call, headers);
            }
        };
        try {
            server = builder.addService(ServerInterceptors.intercept(new ClusterManagerService(store), timePasses, faults))
                    .addService(ServerInterceptors.intercept(new ClusterManagerBetaService(store), timePasses, faults))
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded GKE", e);
        }
        channel = channelTo.apply(server);
        changes = new AuditChanges(store, channel);
    }

    /** Reachable only from this JVM: tests and the in-process replay. */
    public static EmbeddedGke inProcess() {
        return builder().inProcess();
    }

    /** Plaintext TCP on 127.0.0.1 at a free {@link #port()}, for a client in another process. */
    public static EmbeddedGke loopback() {
        return loopback(0);
    }

    /** Plaintext TCP on 127.0.0.1 at {@code port} (0 for a free one), for a function run by hand. */
    public static EmbeddedGke loopback(int port) {
        return builder().loopback(port);
    }

    /** An embedded GKE with settings of its own: how long operations take, and on which clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings of an embedded GKE, then where it is served. */
    public static final class Builder {
        private Duration operationTime = Duration.ZERO;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Each operation runs this long, as GKE's take minutes: GetOperation shows it RUNNING ("The operation is
         * currently running", v1 Operation.Status) until this time has passed since it started, and DONE from then
         * on, whatever was read. Meanwhile a new pool is PROVISIONING ("the node pool is being created"), a pool
         * being deleted STOPPING ("being deleted"), a cluster being updated RECONCILING, and a new or deleted pool's
         * managed instance groups gain or lose their nodes one by one over that time. Zero (the default) finishes
         * operations on a read instead ({@link #operationsFinishAfterReads}).
         */
        public Builder operationTime(Duration time) {
            if (time.isNegative()) {
                throw new IllegalArgumentException("an operation time cannot be negative, got " + time);
            }
            this.operationTime = time;
            return this;
        }

        /** The clock operations run on (the system's by default); a test's own clock lets minutes pass at once. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public EmbeddedGke inProcess() {
            String name = InProcessServerBuilder.generateName();
            return new EmbeddedGke(this, InProcessServerBuilder.forName(name),
                    server -> InProcessChannelBuilder.forName(name).build());
        }

        /** Plaintext TCP on 127.0.0.1 at {@code port} (0 for a free one). */
        public EmbeddedGke loopback(int port) {
            return new EmbeddedGke(this, NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, port)),
                    server -> NettyChannelBuilder.forAddress(LOOPBACK, server.getPort()).usePlaintext().build());
        }
    }

    /** The TCP port of a {@link #loopback()} server. */
    public int port() {
        int port = server.getPort();
        if (port < 0) {
            throw new IllegalStateException("an in-process embedded GKE has no port");
        }
        return port;
    }

    /** A channel to this server, owned by it and shut down with it, for any ClusterManager client. */
    public ManagedChannel channel() {
        return channel;
    }

    // ---- operations ----

    /** Operations turn RUNNING on their first read and DONE on read number {@code reads} (without an operation time). */
    public void operationsFinishAfterReads(int reads) {
        store.finishOperationsAfterReads(reads);
    }

    /** Operations stay unfinished, whatever is read, until {@link #completeAllOperations()} (without an operation time). */
    public void holdOperations() {
        store.finishOperationsAfterReads(Integer.MAX_VALUE);
    }

    public void completeAllOperations() {
        store.completeAllOperations();
    }

    /**
     * The next operation of {@code type} ends DONE with {@code error} (code and message) instead of its
     * effect; a failed CreateNodePool leaves its pool in ERROR with no nodes.
     */
    public void failNextOperation(Operation.Type type, Status.Code code, String message) {
        store.failNextOperation(type, com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).build());
    }

    // ---- the embedded Compute Engine (instanceGroupManagers.get) ----

    /** {@code http://127.0.0.1:PORT}, for a Compute client's endpoint. */
    public String computeEndpoint() {
        return compute.endpoint();
    }

    /** While on, Compute answers 403 as to a caller without {@code compute.instanceGroupManagers.get}. */
    public void denyInstanceGroupReads(boolean on) {
        compute.deny(on);
    }

    /** Requests the embedded Compute Engine received. */
    public int computeCalls() {
        return compute.calls();
    }

    // ---- what GKE offers ----

    /**
     * The node versions (newest first) and image types GetServerConfig lists and CreateNodePool accepts from
     * now on; existing pools keep theirs, as on GKE when a version leaves the offer.
     */
    public void offer(List<String> nodeVersions, List<String> imageTypes) {
        store.offer.offer(nodeVersions, imageTypes);
    }

    // ---- faults and counters, by proto method name (GetCluster, CreateNodePool, ...) ----

    public void failNext(String method, Status.Code code, int times) {
        faults.failNext(method, code, times);
    }

    /** As {@link #failNext(String, Status.Code, int)}, with the message GKE would send (a quota, a stockout). */
    public void failNext(String method, Status.Code code, String description, int times) {
        faults.failNext(method, code, description, times);
    }

    public void latency(String method, Duration delay) {
        faults.latency(method, delay);
    }

    /** Calls received by {@code method}, including those failed by an injected fault. */
    public int calls(String method) {
        return faults.calls(method);
    }

    // ---- seeding, by resource name: projects/P/locations/L/clusters/C[/nodePools/N] (or zones/Z) ----

    /** Seeds a cluster as it stands once created (RUNNING, GKE's defaults applied); false if known. */
    public boolean seed(String cluster, Cluster spec) {
        return store.seedCluster(ResourceName.of(cluster).clusterRef(), spec, Map.of());
    }

    /** Seeds a RUNNING node pool named by {@code spec}; an unknown cluster becomes a placeholder. */
    public boolean seed(String cluster, NodePool spec) {
        if (spec.getName().isEmpty()) {
            throw new IllegalArgumentException("a seeded node pool needs a name");
        }
        return store.seedNodePool(ResourceName.of(cluster).withNodePool(spec.getName()), spec, Optional.empty());
    }

    /**
     * Seeds what a CreateCluster or CreateNodePool audit entry created, from its
     * {@code protoPayload.request} JSON; {@code resource} is the entry's resource name.
     *
     * @return false when the resource was already there (it is left as it was)
     * @throws IllegalArgumentException when the request is neither, or does not fit the v1 protos
     */
    public boolean seedFromAuditRequest(String resource, JsonNode request) {
        return AuditRequest.read(request).seedInto(store, ResourceName.of(resource));
    }

    /** What applying an audit entry's request did: whether it changed anything, and what, in a clause. */
    public record Applied(boolean changed, String what) {
    }

    /**
     * Applies the request of an audit entry's first part ({@code protoPayload.request}) for {@code method},
     * any ClusterManager method of any API version, on {@code resource}, the entry's resource name: a
     * creation seeds what it created, any other change goes through the ClusterManager method of the same
     * name and its rules, and a method whose change no check reads is left out (and says so). A change
     * to something never seen is not applied (GKE answered NOT_FOUND).
     *
     * @throws IllegalArgumentException naming the field that does not fit the v1 request, or saying why
     *                                  GKE would have refused the request
     */
    public Applied applyAuditRequest(String method, String resource, JsonNode request) {
        return changes.apply(method, resource, request);
    }

    /**
     * Seeds a cluster as a live listing shows it ({@code gcloud container clusters describe/list
     * --format=json}, the REST Cluster resource of any API version): as it is, output-only fields
     * included, replacing whatever was known of it. Unknown fields are ignored. Its pools' instance groups hold
     * the nodes the listing's {@code currentNodeCount} tells, where it tells (see ClusterStore.seedLive).
     *
     * @param showsNodeMetadata whether the listing came through v1beta1 ({@code gcloud beta}), which has the legacy
     *                          {@code node_metadata} field; from a v1 listing, a pool without a mode may be concealed
     *                          or exposed, and the v1beta1 GetNodePool refuses to guess ({@link #nodeMetadataUnknown})
     * @throws IllegalArgumentException when the JSON does not fit the v1 Cluster, or its names break GKE's rules
     */
    public void seedLive(String cluster, JsonNode json, boolean showsNodeMetadata) {
        V1Json.ClusterJson listed = V1Json.cluster(json);
        OptionalInt current = json.path("currentNodeCount").canConvertToInt()
                ? OptionalInt.of(json.path("currentNodeCount").asInt()) : OptionalInt.empty();
        store.seedLive(ResourceName.of(cluster).clusterRef(), V1Json.parse(listed.cluster(), Cluster.newBuilder(), "listed cluster " + cluster),
                listed.nodeMetadataByPool(), showsNodeMetadata, current);
    }

    /** True for a pool seeded from a v1 listing with no metadata mode: concealed or exposed, nobody here can say. */
    public boolean nodeMetadataUnknown(String pool) {
        return store.nodeMetadataUnknown(ResourceName.of(pool));
    }

    /** True for a cluster known only through a node pool seeded into it: its settings are unknown. */
    public boolean isPlaceholder(String cluster) {
        return store.isPlaceholder(ResourceName.of(cluster).clusterRef());
    }

    /** The pool's current nodes per zone (v1 NodePool only carries the initial count); empty if unknown. */
    public OptionalInt nodeCount(String pool) {
        return store.nodeCount(ResourceName.of(pool));
    }

    @Override
    public void close() {
        compute.close();
        channel.shutdownNow();
        server.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
