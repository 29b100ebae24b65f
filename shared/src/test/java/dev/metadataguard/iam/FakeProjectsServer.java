package dev.metadataguard.iam;

import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
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

/**
 * Resource Manager v3 {@code Projects.GetIamPolicy} on loopback TCP, built by hand because no gRPC
 * stub artifact matches the client version. Like the real service, a project it does not hold
 * answers PERMISSION_DENIED (existence is not disclosed).
 */
final class FakeProjectsServer implements AutoCloseable {

    private static final MethodDescriptor<GetIamPolicyRequest, Policy> GET_IAM_POLICY =
            MethodDescriptor.<GetIamPolicyRequest, Policy>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName("google.cloud.resourcemanager.v3.Projects", "GetIamPolicy"))
                    .setRequestMarshaller(ProtoUtils.marshaller(GetIamPolicyRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(Policy.getDefaultInstance()))
                    .build();

    private final Map<String, Policy> policies = new ConcurrentHashMap<>();
    private final List<GetIamPolicyRequest> requests = new CopyOnWriteArrayList<>();
    private final Server server;

    FakeProjectsServer() {
        ServerServiceDefinition service = ServerServiceDefinition.builder("google.cloud.resourcemanager.v3.Projects")
                .addMethod(GET_IAM_POLICY, ServerCalls.asyncUnaryCall(this::getIamPolicy))
                .build();
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    void policy(String project, Policy policy) {
        policies.put("projects/" + project, policy);
    }

    List<GetIamPolicyRequest> requests() {
        return List.copyOf(requests);
    }

    private void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
        requests.add(request);
        Policy policy = policies.get(request.getResource());
        if (policy == null) {
            out.onError(Status.PERMISSION_DENIED.withDescription("The caller does not have permission").asRuntimeException());
            return;
        }
        out.onNext(policy);
        out.onCompleted();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
