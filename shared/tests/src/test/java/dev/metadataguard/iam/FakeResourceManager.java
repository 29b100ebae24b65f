package dev.metadataguard.iam;

import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.GetFolderRequest;
import com.google.cloud.resourcemanager.v3.GetProjectRequest;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Resource Manager v3 on loopback TCP: {@code Projects.GetProject}, {@code Folders.GetFolder} and
 * {@code GetIamPolicy} on projects, folders and organisations, built by hand because no gRPC stub
 * artifact matches the client version. Like the real service, a resource it does not hold (or holds
 * but denies) answers PERMISSION_DENIED: existence is not disclosed. A resource with no parent set
 * is refused too, since every real project and folder has one.
 */
final class FakeResourceManager implements AutoCloseable {

    private static final String PROJECTS = "google.cloud.resourcemanager.v3.Projects";
    private static final String FOLDERS = "google.cloud.resourcemanager.v3.Folders";
    private static final String ORGANIZATIONS = "google.cloud.resourcemanager.v3.Organizations";

    private final Map<String, Policy> policies = new ConcurrentHashMap<>();
    private final Map<String, String> parents = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Server server;

    FakeResourceManager() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerServiceDefinition.builder(PROJECTS)
                            .addMethod(unary(PROJECTS, "GetIamPolicy", GetIamPolicyRequest.getDefaultInstance(),
                                    Policy.getDefaultInstance(), this::getIamPolicy))
                            .addMethod(unary(PROJECTS, "GetProject", GetProjectRequest.getDefaultInstance(),
                                    Project.getDefaultInstance(), this::getProject))
                            .build())
                    .addService(ServerServiceDefinition.builder(FOLDERS)
                            .addMethod(unary(FOLDERS, "GetIamPolicy", GetIamPolicyRequest.getDefaultInstance(),
                                    Policy.getDefaultInstance(), this::getIamPolicy))
                            .addMethod(unary(FOLDERS, "GetFolder", GetFolderRequest.getDefaultInstance(),
                                    Folder.getDefaultInstance(), this::getFolder))
                            .build())
                    .addService(ServerServiceDefinition.builder(ORGANIZATIONS)
                            .addMethod(unary(ORGANIZATIONS, "GetIamPolicy", GetIamPolicyRequest.getDefaultInstance(),
                                    Policy.getDefaultInstance(), this::getIamPolicy))
                            .build())
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    /** The IAM policy of {@code resource} ({@code projects/P}, {@code folders/F}, {@code organizations/O}). */
    void policy(String resource, Policy policy) {
        policies.put(resource, policy);
    }

    /** {@code child}'s parent ({@code folders/F} or {@code organizations/O}). */
    void parent(String child, String parent) {
        parents.put(child, parent);
    }

    /** Each call as {@code Method resource}, e.g. {@code GetIamPolicy folders/42}. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    List<String> policyReads() {
        return calls.stream().filter(c -> c.startsWith("GetIamPolicy ")).toList();
    }

    private Policy getIamPolicy(GetIamPolicyRequest request) {
        calls.add("GetIamPolicy " + request.getResource() + " v" + request.getOptions().getRequestedPolicyVersion());
        return found(policies.get(request.getResource()));
    }

    private Project getProject(GetProjectRequest request) {
        calls.add("GetProject " + request.getName());
        return Project.newBuilder().setName(request.getName()).setParent(found(parents.get(request.getName()))).build();
    }

    private Folder getFolder(GetFolderRequest request) {
        calls.add("GetFolder " + request.getName());
        return Folder.newBuilder().setName(request.getName()).setParent(found(parents.get(request.getName()))).build();
    }

    private static <T> T found(T value) {
        if (value == null) {
            throw Status.PERMISSION_DENIED.withDescription("The caller does not have permission").asRuntimeException();
        }
        return value;
    }

    private static <Q extends Message, R extends Message> ServerMethodDefinition<Q, R> unary(
            String service, String method, Q request, R response, Function<Q, R> body) {
        MethodDescriptor<Q, R> descriptor = MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
        return ServerMethodDefinition.create(descriptor, ServerCalls.asyncUnaryCall(
                (Q q, StreamObserver<R> out) -> {
                    R answer;
                    try {
                        answer = body.apply(q);
                    } catch (StatusRuntimeException e) {
                        out.onError(e);
                        return;
                    }
                    out.onNext(answer);
                    out.onCompleted();
                }));
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
