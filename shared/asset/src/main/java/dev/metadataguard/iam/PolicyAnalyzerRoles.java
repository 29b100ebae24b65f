package dev.metadataguard.iam;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.asset.v1.AnalyzeIamPolicyRequest;
import com.google.cloud.asset.v1.AnalyzeIamPolicyResponse;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.AssetServiceSettings;
import com.google.cloud.asset.v1.IamPolicyAnalysisQuery;
import com.google.cloud.asset.v1.IamPolicyAnalysisResult;
import com.google.cloud.asset.v1.IamPolicyAnalysisState;
import com.google.iam.v1.Binding;
import com.google.rpc.Code;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.PolicyException;
import dev.metadataguard.google.GaxFailures;
import dev.metadataguard.google.GoogleClients;
import dev.metadataguard.google.LazyClient;
import dev.metadataguard.runtime.Environment;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Effective roles from Cloud Asset Inventory's IAM Policy Analyzer, {@code AssetService.AnalyzeIamPolicy}:
 * the roles the node service account holds on its project, bound on the project or on its folders and
 * organisation, to the account or to a Google group it is in, directly or through nested groups. One query
 * per project and account (asset_service.proto, {@code IamPolicyAnalysisQuery}):
 * <ul>
 *   <li>{@code scope}: the organisation ({@link Environment#IAM_ANALYSIS_SCOPE}). "Only IAM allow policies
 *       attached to this resource and to its descendants will be analyzed" ("Analyze allow policies"), so only
 *       the organisation's scope sees the policies of a project's folders and of the organisation itself;</li>
 *   <li>{@code resource_selector}: {@code //cloudresourcemanager.googleapis.com/projects/P}, "the resource to
 *       analyze for access policies, which may be set directly on the resource, or on ancestors such as
 *       organizations, folders or projects";</li>
 *   <li>{@code identity_selector}: {@code serviceAccount:EMAIL}, whose access is determined "based on roles
 *       assigned either directly to them or to the groups they belong to, directly or indirectly";</li>
 *   <li>{@code options.output_group_edges}, to name the group a role comes through. Not {@code expand_groups}:
 *       "If identity_selector is specified ... this flag is not allowed to set", the selector already follows
 *       memberships. Not {@code expand_roles}: MG003 compares roles, not permissions.</li>
 * </ul>
 * Each of {@code main_analysis.analysis_results} is one binding ({@code iam_binding}: role, members, condition)
 * on {@code attached_resource_full_name}, with the identities it reaches ({@code identity_list}, and with group
 * edges the groups between). Whatever the analysis left out ({@code fully_explored} false, a
 * {@code non_critical_errors} entry, an identity or a result not explored) is reported as unread, so MG003 is
 * unknown rather than passing unless a role beyond the allowed set is seen anyway.
 *
 * <p>Roles bound on other resources (a bucket, a repository, another project) are not asked for: MG003 judges
 * the project the nodes run in, and a grant on a single resource (reading images from a shared repository) is
 * how the least-privilege guide gives nodes more than the minimal roles.
 *
 * <p>Where the analyzer cannot be used (permission denied, the Cloud Asset API disabled, the analyzer's daily
 * quota: "more than 20 policy analysis queries per organization per day" needs Security Command Center Premium
 * or Enterprise), the roles come from {@code fallback}, the Resource Manager walk, which leaves grants to groups
 * unexpanded. A failure a retry can fix goes back to Pub/Sub, as every other read does. Answers are cached like
 * the walk's.
 */
public final class PolicyAnalyzerRoles implements ProjectRoles, AutoCloseable {

    public static final String CALL = "cloudasset.analyzeIamPolicy";
    /** What the caller needs on the scope, as "Analyze allow policies" lists the required permissions. */
    public static final List<String> PERMISSIONS = List.of("cloudasset.assets.analyzeIamPolicy",
            "cloudasset.assets.searchAllIamPolicies", "cloudasset.assets.searchAllResources");
    /** The full resource names of projects, folders and organisations (Asset Inventory's resource name format). */
    static final String RESOURCE_MANAGER = "//cloudresourcemanager.googleapis.com/";
    private static final Pattern ORGANIZATION = Pattern.compile("organizations/[0-9]+");
    private static final Logger LOG = Logger.getLogger(PolicyAnalyzerRoles.class.getName());
    /** The analysis of one account on one project; the docs' own console gives a query a minute. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** As many answers as the Resource Manager walk keeps policies. */
    private static final int CACHED = 256;

    private record Key(String project, String account) {
    }

    private final LazyClient<AssetServiceClient> client;
    private final String scope;
    private final ProjectRoles fallback;
    private final ExpiringCache<Key, Optional<Grants>> answers;

    /**
     * @param scope    {@code organizations/N}, the organisation the watched projects are in
     * @param fallback where roles come from when the analyzer cannot be used
     */
    public PolicyAnalyzerRoles(LazyClient<AssetServiceClient> client, String scope, ProjectRoles fallback, Clock clock,
                               Duration ttl) {
        if (!ORGANIZATION.matcher(scope).matches()) {
            throw new PolicyException("$" + Environment.IAM_ANALYSIS_SCOPE, 0, "\"" + scope + "\" is not organizations/NUMBER:"
                    + " the analyzer sees only the policies at and below its scope, so only the organisation's sees a"
                    + " project's folders and organisation", "set it to organizations/NUMBER, or unset it to read roles with"
                    + " Resource Manager");
        }
        this.client = client;
        this.scope = scope;
        this.fallback = fallback;
        this.answers = new ExpiringCache<>(clock, ttl, CACHED);
    }

    /** Over the real client, built on first use with the function's credentials. */
    public static PolicyAnalyzerRoles production(String scope, ProjectRoles fallback, Duration ttl) {
        return new PolicyAnalyzerRoles(new LazyClient<>("cloudasset", () -> AssetServiceClient.create(
                configure(AssetServiceSettings.newBuilder()).build())), scope, fallback, Clock.systemUTC(), ttl);
    }

    /** One attempt per call, under a deadline: Pub/Sub redelivers what a retry can fix. */
    public static AssetServiceSettings.Builder configure(AssetServiceSettings.Builder settings) {
        settings.applyToAllUnaryMethods(GoogleClients.noRetries(DEADLINE));
        return settings;
    }

    @Override
    public Optional<Grants> grantsOf(String project, String serviceAccountEmail) {
        return answers.get(new Key(project, serviceAccountEmail), key -> {
            try {
                return Optional.of(analyze(project, serviceAccountEmail));
            } catch (ApiException e) {
                FailureKind kind = GaxFailures.kindOf(e);
                ApiFailure failure = GaxFailures.failure(kind, CALL, scope, e);
                // The analyzer's daily quota answers RESOURCE_EXHAUSTED: no retry within the delivery helps.
                if (kind.retryable() && e.getStatusCode().getCode() != StatusCode.Code.RESOURCE_EXHAUSTED) {
                    throw failure;
                }
                LOG.warning(() -> "iam_analyzer_unavailable scope=" + scope + " project=" + project + " reason="
                        + failure.getMessage() + " fallback=resource-manager (grants to groups stay unexpanded)");
                return fallback.grantsOf(project, serviceAccountEmail);
            }
        });
    }

    @Override
    public Optional<List<String>> foldersOf(String project) {
        return fallback.foldersOf(project);
    }

    private Grants analyze(String project, String account) {
        String member = "serviceAccount:" + account;
        AnalyzeIamPolicyRequest request = AnalyzeIamPolicyRequest.newBuilder()
                .setAnalysisQuery(IamPolicyAnalysisQuery.newBuilder()
                        .setScope(scope)
                        .setResourceSelector(IamPolicyAnalysisQuery.ResourceSelector.newBuilder()
                                .setFullResourceName(RESOURCE_MANAGER + "projects/" + project))
                        .setIdentitySelector(IamPolicyAnalysisQuery.IdentitySelector.newBuilder().setIdentity(member))
                        .setOptions(IamPolicyAnalysisQuery.Options.newBuilder().setOutputGroupEdges(true)))
                .build();
        AnalyzeIamPolicyResponse.IamPolicyAnalysis analysis = client.get().analyzeIamPolicy(request).getMainAnalysis();
        List<Grant> grants = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (IamPolicyAnalysisResult result : analysis.getAnalysisResultsList()) {
            Binding binding = result.getIamBinding();
            String resource = resourceOf(result.getAttachedResourceFullName(), project);
            grants.add(new Grant(binding.getRole(), resource, binding.hasCondition(), through(result, member)));
            List<String> states = result.getIdentityList().getIdentitiesList().stream()
                    .map(identity -> problem(identity.getName(), identity.getAnalysisState()))
                    .flatMap(Optional::stream).toList();
            if (!result.getFullyExplored() || !states.isEmpty()) {
                unread.add("the binding of " + binding.getRole() + " on " + resource + " was not fully explored"
                        + (states.isEmpty() ? "" : " (" + String.join("; ", states) + ")"));
            }
        }
        List<String> errors = analysis.getNonCriticalErrorsList().stream()
                .map(state -> problem("the analysis", state)).flatMap(Optional::stream).toList();
        if (!analysis.getFullyExplored() || !errors.isEmpty()) {
            unread.add("the IAM Policy Analyzer did not explore everything in " + scope
                    + (errors.isEmpty() ? "" : " (" + String.join("; ", errors) + ")"));
        }
        return new Grants(grants, unread);
    }

    /** {@code projects/P} for the project asked about (the analyzer may name it by number), else the resource as named. */
    private static String resourceOf(String fullName, String project) {
        String name = fullName.startsWith(RESOURCE_MANAGER) ? fullName.substring(RESOURCE_MANAGER.length()) : fullName;
        return name.startsWith("projects/") ? "projects/" + project : name;
    }

    /** The group a binding reaches the account through: the binding's group that starts a group edge, if any. */
    private static Optional<String> through(IamPolicyAnalysisResult result, String member) {
        List<String> members = result.getIamBinding().getMembersList();
        if (members.stream().anyMatch(member::equalsIgnoreCase)) {
            return Optional.empty();
        }
        Set<String> sources = result.getIdentityList().getGroupEdgesList().stream()
                .map(IamPolicyAnalysisResult.Edge::getSourceNode).collect(Collectors.toSet());
        return members.stream().filter(sources::contains).findFirst()
                .or(() -> members.stream().filter(m -> m.startsWith(RoleBinding.GROUP)).findFirst())
                .or(() -> members.stream().findFirst());
    }

    private static Optional<String> problem(String what, IamPolicyAnalysisState state) {
        return state.getCode() == Code.OK ? Optional.empty() : Optional.of(what + ": " + state.getCode() + " " + state.getCause());
    }

    @Override
    public void close() {
        client.close();
    }
}
