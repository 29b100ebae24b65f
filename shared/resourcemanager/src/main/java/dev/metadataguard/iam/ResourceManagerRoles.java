package dev.metadataguard.iam;

import com.google.api.core.ApiFunction;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersSettings;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.OrganizationsSettings;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.PolicyException;
import dev.metadataguard.google.GaxFailures;
import dev.metadataguard.google.GoogleClients;
import dev.metadataguard.google.LazyClient;
import dev.metadataguard.runtime.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Effective roles from the live hierarchy, read with Resource Manager v3: the project's parent chain
 * ({@code GetProject}, then {@code GetFolder} up to the organisation, as {@code getAncestry} walks
 * it), and {@code GetIamPolicy} on the project, each folder and the organisation. Answers are cached
 * for a short, configurable time. The project's own policy must be readable; an ancestor the guard
 * may not read leaves its roles unknown, which the verdict says. Grants to groups are kept unexpanded:
 * the IAM Policy Analyzer ({@code PolicyAnalyzerRoles}) expands them where it may be used.
 */
public final class ResourceManagerRoles implements ProjectRoles, AutoCloseable {

    public static final String CALL = "cloudresourcemanager.projects.getIamPolicy";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    static final int CACHED = 256;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Version 3 returns conditional bindings as they are instead of refusing the call. */
    private static final int POLICY_VERSION = 3;
    private static final ApiFunction<UnaryCallSettings.Builder<?, ?>, Void> NO_RETRIES = GoogleClients.noRetries(DEADLINE);

    /** A project's ancestors, nearest first, and where the walk stopped short of the top, if it did. */
    private record Ancestry(List<String> ancestors, Optional<String> unread) {
    }

    private final LazyClient<ProjectsClient> projects;
    private final LazyClient<FoldersClient> folders;
    private final LazyClient<OrganizationsClient> organizations;
    private final ExpiringCache<String, Ancestry> ancestry;
    private final ExpiringCache<String, List<RoleBinding>> policies;

    private ResourceManagerRoles(Optional<String> plaintextEndpoint, Clock clock, Duration ttl) {
        this.projects = new LazyClient<>("cloudresourcemanager", () -> ProjectsClient.create(
                configure(ProjectsSettings.newBuilder(), plaintextEndpoint).applyToAllUnaryMethods(NO_RETRIES).build()));
        this.folders = new LazyClient<>("cloudresourcemanager", () -> FoldersClient.create(
                configure(FoldersSettings.newBuilder(), plaintextEndpoint).applyToAllUnaryMethods(NO_RETRIES).build()));
        this.organizations = new LazyClient<>("cloudresourcemanager", () -> OrganizationsClient.create(
                configure(OrganizationsSettings.newBuilder(), plaintextEndpoint).applyToAllUnaryMethods(NO_RETRIES).build()));
        this.ancestry = new ExpiringCache<>(clock, ttl, CACHED);
        this.policies = new ExpiringCache<>(clock, ttl, CACHED);
    }

    /**
     * The export {@link Environment#IAM_POLICY_FILE} names (local runs), else Resource Manager, its answers kept
     * {@link Environment#IAM_CACHE_SECONDS}.
     */
    public static ProjectRoles fromEnvironment(Environment env) {
        return env.get(Environment.IAM_POLICY_FILE).<ProjectRoles>map(f -> IamPolicyFile.read(Path.of(f)))
                .orElseGet(() -> production(cacheTtl(env)));
    }

    /** How long policies, ancestries and analyses are kept: {@link Environment#IAM_CACHE_SECONDS}, 5 minutes by default. */
    public static Duration cacheTtl(Environment env) {
        Optional<String> value = env.get(Environment.IAM_CACHE_SECONDS);
        if (value.isEmpty()) {
            return DEFAULT_TTL;
        }
        try {
            long seconds = Long.parseLong(value.get().trim());
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PolicyException("$" + Environment.IAM_CACHE_SECONDS, 0, "not a whole number of seconds",
                "set it to, say, 300, or unset it for " + DEFAULT_TTL.toMinutes() + " minutes");
    }

    /** Production: Google default credentials, {@code cloudresourcemanager.googleapis.com}. */
    public static ResourceManagerRoles production(Duration ttl) {
        return new ResourceManagerRoles(Optional.empty(), Clock.systemUTC(), ttl);
    }

    /** Plaintext, without credentials, to {@code host:port}: only for a local test server. */
    public static ResourceManagerRoles forEndpoint(String hostAndPort, Clock clock, Duration ttl) {
        return new ResourceManagerRoles(Optional.of(hostAndPort), clock, ttl);
    }

    /** The builder's defaults reach Google; a plaintext endpoint is a local test server. */
    private static <B extends ClientSettings.Builder<?, ?>> B configure(B builder, Optional<String> plaintextEndpoint) {
        plaintextEndpoint.ifPresent(endpoint -> builder
                .setTransportChannelProvider(GoogleClients.plaintext(endpoint))
                .setCredentialsProvider(NoCredentialsProvider.create()));
        return builder;
    }

    @Override
    public Optional<Grants> grantsOf(String project, String serviceAccountEmail) {
        String own = "projects/" + project;
        List<RoleBinding> ownPolicy = policies.get(own, this::fetchPolicy);
        List<Grant> grants = new ArrayList<>(RoleBinding.grantsOf(ownPolicy, own, serviceAccountEmail));
        List<Grant> toGroups = new ArrayList<>(RoleBinding.groupGrants(ownPolicy, own));
        Ancestry chain = ancestry.get(project, this::walk);
        List<String> unread = new ArrayList<>();
        chain.unread().ifPresent(unread::add);
        for (String ancestor : chain.ancestors()) {
            try {
                List<RoleBinding> policy = policies.get(ancestor, this::fetchPolicy);
                grants.addAll(RoleBinding.grantsOf(policy, ancestor, serviceAccountEmail));
                toGroups.addAll(RoleBinding.groupGrants(policy, ancestor));
            } catch (ApiFailure failure) {
                if (failure.kind().retryable()) {
                    throw failure;
                }
                unread.add(ancestor + " (" + failure.getMessage() + ")");
            }
        }
        // Resource Manager does not say who is in a group: a grant to a group may reach the account.
        return Optional.of(new Grants(grants, unread, toGroups));
    }

    @Override
    public Optional<List<String>> foldersOf(String project) {
        Ancestry chain = ancestry.get(project, this::walk);
        if (chain.unread().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(chain.ancestors().stream().filter(a -> a.startsWith("folders/"))
                .map(a -> a.substring("folders/".length())).toList());
    }

    /** Parent by parent, as Resource Manager's {@code getAncestry} reports them. */
    private Ancestry walk(String project) {
        List<String> ancestors = new ArrayList<>();
        String resource = "projects/" + project;
        try {
            String parent = call("cloudresourcemanager.projects.get", resource,
                    () -> projects.get().getProject(resource).getParent());
            while (parent.startsWith("folders/")) {
                ancestors.add(parent);
                String folder = parent;
                parent = call("cloudresourcemanager.folders.get", folder, () -> folders.get().getFolder(folder).getParent());
            }
            if (parent.startsWith("organizations/")) {
                ancestors.add(parent);
            }
            return new Ancestry(List.copyOf(ancestors), Optional.empty());
        } catch (ApiFailure failure) {
            if (failure.kind().retryable()) {
                throw failure;
            }
            String above = ancestors.isEmpty() ? resource : ancestors.get(ancestors.size() - 1);
            return new Ancestry(List.copyOf(ancestors), Optional.of("the ancestors of " + above + " ("
                    + failure.getMessage() + ")"));
        }
    }

    private List<RoleBinding> fetchPolicy(String resource) {
        GetIamPolicyRequest request = GetIamPolicyRequest.newBuilder()
                .setResource(resource)
                .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(POLICY_VERSION))
                .build();
        Policy policy;
        if (resource.startsWith("folders/")) {
            policy = call("cloudresourcemanager.folders.getIamPolicy", resource, () -> folders.get().getIamPolicy(request));
        } else if (resource.startsWith("organizations/")) {
            policy = call("cloudresourcemanager.organizations.getIamPolicy", resource,
                    () -> organizations.get().getIamPolicy(request));
        } else {
            policy = call(CALL, resource, () -> projects.get().getIamPolicy(request));
        }
        return policy.getBindingsList().stream()
                .map(binding -> new RoleBinding(binding.getRole(), binding.getMembersList(), binding.hasCondition()))
                .toList();
    }

    private static <T> T call(String call, String resource, Supplier<T> body) {
        try {
            return body.get();
        } catch (ApiException e) {
            throw GaxFailures.failure(GaxFailures.kindOf(e), call, resource, e);
        }
    }

    @Override
    public void close() {
        projects.close();
        folders.close();
        organizations.close();
    }
}
