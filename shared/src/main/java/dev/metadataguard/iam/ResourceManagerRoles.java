package dev.metadataguard.iam;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import dev.metadataguard.gke.GaxFailures;
import dev.metadataguard.runtime.Lazy;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Roles read with the Resource Manager API ({@code projects.getIamPolicy}), the real client behind
 * {@link ProjectRoles}. A policy is read once per project for the life of the instance, which is one
 * function instance: short enough that role changes show up on the next cold start.
 */
public final class ResourceManagerRoles implements ProjectRoles {

    public static final String CALL = "cloudresourcemanager.projects.getIamPolicy";
    public static final String PERMISSION = "resourcemanager.projects.getIamPolicy";
    private static final int MAX_PROJECTS = 1000;

    private final Supplier<ProjectsClient> client;
    private final Map<String, Policy> policies = new ConcurrentHashMap<>();

    private ResourceManagerRoles(Supplier<ProjectsClient> client) {
        this.client = Lazy.of(client);
    }

    /** Application default credentials against the real API. */
    public static ResourceManagerRoles production() {
        return new ResourceManagerRoles(() -> create(ProjectsSettings.newBuilder()));
    }

    /** A plaintext endpoint without credentials, for tests against a local server. */
    public static ResourceManagerRoles forEndpoint(String hostAndPort) {
        return new ResourceManagerRoles(() -> {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(hostAndPort).usePlaintext().build();
            return create(ProjectsSettings.newBuilder()
                    .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create()));
        });
    }

    private static ProjectsClient create(ProjectsSettings.Builder settings) {
        try {
            return ProjectsClient.create(settings.build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Resource Manager client", e);
        }
    }

    @Override
    public Optional<Set<String>> rolesOf(String project, String serviceAccountEmail) {
        Policy policy = policies.size() < MAX_PROJECTS ? policies.computeIfAbsent(project, this::read) : read(project);
        String member = "serviceAccount:" + serviceAccountEmail;
        Set<String> roles = new TreeSet<>();
        for (Binding b : policy.getBindingsList()) {
            // A conditional binding grants the role only sometimes; count it, since it can apply.
            if (b.getMembersList().contains(member)) {
                roles.add(b.getRole());
            }
        }
        return Optional.of(Set.copyOf(roles));
    }

    private Policy read(String project) {
        try {
            return client.get().getIamPolicy(GetIamPolicyRequest.newBuilder().setResource("projects/" + project).build());
        } catch (ApiException e) {
            throw GaxFailures.failure(GaxFailures.kindOf(e), CALL, "projects/" + project, e);
        }
    }
}
