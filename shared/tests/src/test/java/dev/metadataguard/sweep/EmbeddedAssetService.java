package dev.metadataguard.sweep;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.asset.v1.AnalyzeIamPolicyRequest;
import com.google.cloud.asset.v1.AnalyzeIamPolicyResponse;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.AssetServiceSettings;
import com.google.cloud.asset.v1.ResourceSearchResult;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import com.google.cloud.asset.v1.SearchAllResourcesResponse;
import dev.metadataguard.iam.IamFixture;
import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.google.LazyClient;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Cloud Asset Inventory's {@code AssetService.SearchAllResources} and {@code AnalyzeIamPolicy}, served over
 * in-process gRPC for the real {@link AssetServiceClient}, as strict as the API's comments in
 * {@code asset_service.proto}. It lists the GKE clusters another source holds (the embedded GKE), under a
 * resource hierarchy the test sets: which projects an organisation or folder holds; and it analyses the IAM of
 * an organisation an {@link IamFixture} describes ({@link IamPolicyAnalyzer}). In process for the tests, or on a
 * loopback port for a sweeper in another JVM (the benchmark's).
 */
public final class EmbeddedAssetService implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    static final String SERVICE = "google.cloud.asset.v1.AssetService";
    private static final MethodDescriptor<SearchAllResourcesRequest, SearchAllResourcesResponse> SEARCH =
            MethodDescriptor.<SearchAllResourcesRequest, SearchAllResourcesResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "SearchAllResources"))
                    .setRequestMarshaller(ProtoUtils.marshaller(SearchAllResourcesRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(SearchAllResourcesResponse.getDefaultInstance()))
                    .build();
    private static final MethodDescriptor<AnalyzeIamPolicyRequest, AnalyzeIamPolicyResponse> ANALYZE =
            MethodDescriptor.<AnalyzeIamPolicyRequest, AnalyzeIamPolicyResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "AnalyzeIamPolicy"))
                    .setRequestMarshaller(ProtoUtils.marshaller(AnalyzeIamPolicyRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(AnalyzeIamPolicyResponse.getDefaultInstance()))
                    .build();
    /** "The allowed value must be: Organization number, Folder number, Project number, Project id" (scope). */
    private static final Pattern SCOPE = Pattern.compile("^(organizations/\\d+|folders/\\d+|projects/[a-z0-9][-a-z0-9]{4,28}[a-z0-9]|projects/\\d+)$");
    /** "Page size is capped at 500 even if a larger value is given." */
    static final int MAX_PAGE = 500;
    /** "If set to zero, server will pick an appropriate default." */
    static final int DEFAULT_PAGE = 100;

    private final Function<String, List<ResourceRef>> clustersOfProject;
    private final Map<String, List<String>> projectsOf = new ConcurrentHashMap<>();
    private final Set<String> granted = ConcurrentHashMap.newKeySet();
    private final List<SearchAllResourcesRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile boolean apiDisabled;
    private final IamPolicyAnalyzer analyzer = new IamPolicyAnalyzer();
    private final Server server;
    private final ManagedChannel channel;

    private EmbeddedAssetService(Function<String, List<ResourceRef>> clustersOfProject, ServerBuilder<?> builder,
                                 Function<Server, ManagedChannel> channelTo) {
        this.clustersOfProject = clustersOfProject;
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(SEARCH, ServerCalls.asyncUnaryCall(this::search))
                .addMethod(ANALYZE, ServerCalls.asyncUnaryCall(this::analyze)).build();
        try {
            server = builder.addService(service).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = channelTo.apply(server);
    }

    /** @param clustersOfProject the clusters a project holds now, e.g. read from the embedded GKE */
    public static EmbeddedAssetService inProcess(Function<String, List<ResourceRef>> clustersOfProject) {
        String name = InProcessServerBuilder.generateName();
        return new EmbeddedAssetService(clustersOfProject, InProcessServerBuilder.forName(name),
                server -> InProcessChannelBuilder.forName(name).build());
    }

    /** Plaintext TCP on 127.0.0.1 at a free {@link #port()}, for a client in another process ({@link #client(ManagedChannel)}). */
    public static EmbeddedAssetService loopback(Function<String, List<ResourceRef>> clustersOfProject) {
        return new EmbeddedAssetService(clustersOfProject, NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0)),
                server -> NettyChannelBuilder.forAddress(LOOPBACK, server.getPort()).usePlaintext().build());
    }

    /** The TCP port of a {@link #loopback} server. */
    public int port() {
        return server.getPort();
    }

    /** {@code scope} (organizations/N, folders/N, projects/P) holds these project ids; the caller may search it. */
    public void scope(String scope, List<String> projects) {
        projectsOf.put(scope, List.copyOf(projects));
        granted.add(scope);
    }

    /** The IAM Policy Analyzer answers from {@code iam}, and the caller may analyse {@code scope}. */
    public void iam(IamFixture iam, String scope) {
        analyzer.serve(iam, scope);
    }

    /** The IAM Policy Analyzer's own controls: permissions, quota, the requests it got. */
    public IamPolicyAnalyzer analyzer() {
        return analyzer;
    }

    /** The caller loses {@code cloudasset.assets.searchAllResources} on the scope. */
    void revoke(String scope) {
        granted.remove(scope);
    }

    /** The Cloud Asset API is disabled in the caller's project. */
    public void disableApi() {
        apiDisabled = true;
    }

    /** The Cloud Asset API is enabled again. */
    public void enableApi() {
        apiDisabled = false;
    }

    /** The next {@code times} calls fail UNAVAILABLE. */
    public void failNext(int times) {
        failNext.set(times);
    }

    List<SearchAllResourcesRequest> requests() {
        return List.copyOf(requests);
    }

    public LazyClient<AssetServiceClient> client() {
        return client(channel);
    }

    /** The real client over {@code channel} (the caller's to shut down), configured as the sweeper configures it. */
    public static LazyClient<AssetServiceClient> client(ManagedChannel channel) {
        return new LazyClient<>("cloudasset", () -> AssetServiceClient.create(AssetInventoryDiscovery.configure(
                        AssetServiceSettings.newBuilder())
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .build()));
    }

    private void search(SearchAllResourcesRequest request, StreamObserver<SearchAllResourcesResponse> out) {
        requests.add(request);
        if (failed(out)) {
            return;
        }
        if (!SCOPE.matcher(request.getScope()).matches()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("Invalid scope \"" + request.getScope()
                    + "\": expected organizations/NUMBER, folders/NUMBER or projects/ID").asRuntimeException());
            return;
        }
        if (!granted.contains(request.getScope())) {
            // "The caller must be granted the cloudasset.assets.searchAllResources permission on the desired scope."
            out.onError(Status.PERMISSION_DENIED.withDescription("The caller does not have permission").asRuntimeException());
            return;
        }
        // Only clusters are held: a search for other types finds none of them; an empty list searches all.
        boolean clusters = request.getAssetTypesCount() == 0
                || request.getAssetTypesList().contains(AssetInventoryDiscovery.CLUSTER_TYPE);
        List<ResourceRef> all = clusters ? projectsOf.get(request.getScope()).stream()
                .flatMap(p -> clustersOfProject.apply(p).stream()).toList() : List.of();
        int offset;
        try {
            offset = offset(request);
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        int size = request.getPageSize() <= 0 ? DEFAULT_PAGE : Math.min(MAX_PAGE, request.getPageSize());
        int end = Math.min(all.size(), offset + size);
        SearchAllResourcesResponse.Builder page = SearchAllResourcesResponse.newBuilder();
        for (ResourceRef c : all.subList(Math.min(offset, all.size()), end)) {
            page.addResults(ResourceSearchResult.newBuilder().setName("//container.googleapis.com/" + c.name())
                    .setAssetType(AssetInventoryDiscovery.CLUSTER_TYPE).setProject("projects/" + c.project())
                    .setDisplayName(c.cluster()).setLocation(c.location()));
        }
        if (end < all.size()) {
            page.setNextPageToken(token(request, end));
        }
        out.onNext(page.build());
        out.onCompleted();
    }

    /** Answers the failure a test armed (UNAVAILABLE, or the API disabled), if any; true when it did. */
    private boolean failed(StreamObserver<?> out) {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.onError(Status.UNAVAILABLE.withDescription("The service is currently unavailable.").asRuntimeException());
            return true;
        }
        if (apiDisabled) {
            out.onError(disabled());
            return true;
        }
        return false;
    }

    private void analyze(AnalyzeIamPolicyRequest request, StreamObserver<AnalyzeIamPolicyResponse> out) {
        analyzer.record(request);
        if (failed(out)) {
            return;
        }
        analyzer.answer(request, out);
    }

    /** As Google APIs answer for a disabled service: PERMISSION_DENIED with ErrorInfo reason SERVICE_DISABLED. */
    static io.grpc.StatusRuntimeException disabled() {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.PERMISSION_DENIED_VALUE)
                .setMessage("Cloud Asset API has not been used in project guard-host before or it is disabled.")
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("SERVICE_DISABLED")
                        .setDomain("googleapis.com").putMetadata("service", "cloudasset.googleapis.com").build()))
                .build());
    }

    /** "The values of all other method parameters must be identical to those in the previous call." */
    private static int offset(SearchAllResourcesRequest request) {
        if (request.getPageToken().isEmpty()) {
            return 0;
        }
        String[] parts = request.getPageToken().split(":", 2);
        if (parts.length != 2 || !parts[1].equals(paramsHash(request))) {
            throw new IllegalArgumentException("Invalid page_token: it is not the next_page_token of a call with"
                    + " the same parameters");
        }
        return Integer.parseInt(parts[0]);
    }

    private static String token(SearchAllResourcesRequest request, int next) {
        return next + ":" + paramsHash(request);
    }

    private static String paramsHash(SearchAllResourcesRequest request) {
        SearchAllResourcesRequest params = request.toBuilder().clearPageToken().build();
        return HexFormat.of().formatHex(Integer.toString(params.hashCode()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
    }
}
