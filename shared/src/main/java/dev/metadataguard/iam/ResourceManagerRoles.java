package dev.metadataguard.iam;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import dev.metadataguard.gke.GoogleClients;
import dev.metadataguard.gke.GaxFailures;
import dev.metadataguard.gke.LazyClient;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Roles from the live project policy, read with Resource Manager v3 {@code GetIamPolicy}. Policies
 * are cached per project for the life of this instance (one function invocation's worth of events
 * sees one policy), up to {@value #CACHED_PROJECTS} projects, least recently used first out.
 */
public final class ResourceManagerRoles implements ProjectRoles, AutoCloseable {

    public static final String CALL = "cloudresourcemanager.projects.getIamPolicy";
    public static final String PERMISSION = "resourcemanager.projects.getIamPolicy";
    static final int CACHED_PROJECTS = 256;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Version 3 returns conditional bindings as they are instead of refusing the call. */
    private static final int POLICY_VERSION = 3;

    private final LazyClient<ProjectsClient> client;
    private final Map<String, List<RoleBinding>> policies = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<RoleBinding>> eldest) {
            return size() > CACHED_PROJECTS;
        }
    };

    private ResourceManagerRoles(LazyClient.Factory<ProjectsSettings.Builder> settings) {
        this.client = new LazyClient<>("cloudresourcemanager", () -> ProjectsClient.create(configured(settings.create())));
    }

    /** Production: Google default credentials, {@code cloudresourcemanager.googleapis.com}. */
    public static ResourceManagerRoles production() {
        return new ResourceManagerRoles(ProjectsSettings::newBuilder);
    }

    /** Plaintext, without credentials, to {@code host:port}: only for a local test server. */
    public static ResourceManagerRoles forEndpoint(String hostAndPort) {
        return new ResourceManagerRoles(() -> ProjectsSettings.newBuilder()
                .setTransportChannelProvider(GoogleClients.plaintext(hostAndPort))
                .setCredentialsProvider(NoCredentialsProvider.create()));
    }

    private static ProjectsSettings configured(ProjectsSettings.Builder builder) throws IOException {
        return builder.applyToAllUnaryMethods(GoogleClients.noRetries(DEADLINE)).build();
    }

    @Override
    public Optional<Set<String>> rolesOf(String project, String serviceAccountEmail) {
        return Optional.of(RoleBinding.rolesOf(policy(project), serviceAccountEmail));
    }

    private List<RoleBinding> policy(String project) {
        synchronized (policies) {
            List<RoleBinding> cached = policies.get(project);
            if (cached != null) {
                return cached;
            }
        }
        List<RoleBinding> fetched = fetch(project);
        synchronized (policies) {
            policies.put(project, fetched);
        }
        return fetched;
    }

    private List<RoleBinding> fetch(String project) {
        String resource = "projects/" + project;
        try {
            Policy policy = client.get().getIamPolicy(GetIamPolicyRequest.newBuilder()
                    .setResource(resource)
                    .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(POLICY_VERSION))
                    .build());
            return policy.getBindingsList().stream()
                    .map(binding -> new RoleBinding(binding.getRole(), binding.getMembersList()))
                    .toList();
        } catch (ApiException e) {
            throw GaxFailures.failure(GaxFailures.kindOf(e), CALL, resource, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
