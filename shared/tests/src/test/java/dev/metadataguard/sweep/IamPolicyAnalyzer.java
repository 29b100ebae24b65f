package dev.metadataguard.sweep;

import com.google.cloud.asset.v1.AnalyzeIamPolicyRequest;
import com.google.cloud.asset.v1.AnalyzeIamPolicyResponse;
import com.google.cloud.asset.v1.IamPolicyAnalysisQuery;
import com.google.cloud.asset.v1.IamPolicyAnalysisResult;
import com.google.cloud.asset.v1.IamPolicyAnalysisState;
import com.google.iam.v1.Binding;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.metadataguard.iam.IamFixture;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * {@code AssetService.AnalyzeIamPolicy} of the embedded Asset service, over an {@link IamFixture}. It follows
 * asset_service.proto ({@code IamPolicyAnalysisQuery}, {@code AnalyzeIamPolicyResponse}) and assets.proto
 * ({@code IamPolicyAnalysisResult}), and "Analyze allow policies" (docs.cloud.google.com/policy-intelligence/docs/
 * analyze-iam-policies):
 * <ul>
 *   <li>only the policies attached to the scope and its descendants are analysed ("Only IAM allow policies attached
 *       to this resource and to its descendants will be analyzed");</li>
 *   <li>a resource selector selects the policies "set directly on the resource, or on ancestors";</li>
 *   <li>an identity selector finds the bindings of the identity and of "the groups they belong to, directly or
 *       indirectly"; with {@code output_group_edges}, the memberships on the way are given as edges from the
 *       binding's group down to the identity;</li>
 *   <li>a group whose members the caller may not list (no {@code groups.read}) leaves the analysis not fully
 *       explored, with a non-critical PERMISSION_DENIED error naming the group.</li>
 * </ul>
 * A request the proto forbids is refused INVALID_ARGUMENT the way the API answers one ("Some specified value(s)
 * are invalid." with a {@code google.rpc.BadRequest} field violation, as reported for an access selector of more
 * than 10 entries, dxa4481/gcploit#13), each violation's description quoting the proto comment it follows. Stricter
 * than the API: only identity queries are answered (the API also answers by resource or access alone), since the
 * guard asks nothing else.
 */
public final class IamPolicyAnalyzer {

    static final String RESOURCE_MANAGER = "//cloudresourcemanager.googleapis.com/";
    /** IamPolicyAnalysisQuery.scope: "an organization number ..., a folder number ..., a project ID ..., or a project number". */
    private static final Pattern SCOPE = Pattern.compile("^(organizations/\\d+|folders/\\d+|projects/[a-z][-a-z0-9]{4,28}[a-z0-9]|projects/\\d+)$");
    /** IAM principal identifiers: {@code type:id}, e.g. "serviceAccount:my-project-id@appspot.gserviceaccount.com". */
    private static final Pattern PRINCIPAL = Pattern.compile("^[a-zA-Z]+:\\S+$");
    /** AccessSelector: "The total number of roles and permissions should be equal or less than 10." */
    private static final int MAX_ACCESSES = 10;

    private volatile IamFixture iam;
    private final Set<String> granted = ConcurrentHashMap.newKeySet();
    private final List<AnalyzeIamPolicyRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean quotaExhausted;

    void serve(IamFixture fixture, String scope) {
        iam = fixture;
        granted.add(scope);
    }

    /** The caller loses {@code cloudasset.assets.analyzeIamPolicy} on {@code scope}. */
    public void revoke(String scope) {
        granted.remove(scope);
    }

    /** The organisation has used its analyses for the day ("20 policy analysis queries per organization per day"). */
    public void exhaustQuota() {
        quotaExhausted = true;
    }

    public List<AnalyzeIamPolicyRequest> requests() {
        return List.copyOf(requests);
    }

    void record(AnalyzeIamPolicyRequest request) {
        requests.add(request);
    }

    void answer(AnalyzeIamPolicyRequest request, StreamObserver<AnalyzeIamPolicyResponse> out) {
        IamPolicyAnalysisQuery query = request.getAnalysisQuery();
        Optional<BadRequest.FieldViolation> invalid = violation(request);
        if (invalid.isPresent()) {
            out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.INVALID_ARGUMENT_VALUE).setMessage("Some specified value(s) are invalid.")
                    .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(invalid.get()).build())).build()));
            return;
        }
        if (!granted.contains(query.getScope()) || iam == null) {
            // "Required permissions": cloudasset.assets.analyzeIamPolicy (and the two searches) on the scope.
            out.onError(Status.PERMISSION_DENIED.withDescription("The caller does not have permission").asRuntimeException());
            return;
        }
        if (quotaExhausted) {
            out.onError(Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded for quota metric 'Policy analysis"
                    + " queries' of service 'cloudasset.googleapis.com'").asRuntimeException());
            return;
        }
        out.onNext(analysis(query));
        out.onCompleted();
    }

    /** The first field the proto refuses, if any. */
    private static Optional<BadRequest.FieldViolation> violation(AnalyzeIamPolicyRequest request) {
        if (!request.hasAnalysisQuery()) {
            return field("analysis_query", "Required. The request query.");
        }
        IamPolicyAnalysisQuery query = request.getAnalysisQuery();
        if (query.getScope().isEmpty()) {
            return field("analysis_query.scope", "Required. The relative name of the root asset.");
        }
        if (!SCOPE.matcher(query.getScope()).matches()) {
            return field("analysis_query.scope", "This can only be an organization number (such as \"organizations/123\"),"
                    + " a folder number (such as \"folders/123\"), a project ID (such as \"projects/my-project-id\"), or a"
                    + " project number (such as \"projects/12345\").");
        }
        if (query.hasResourceSelector() && query.getResourceSelector().getFullResourceName().isEmpty()) {
            return field("analysis_query.resource_selector.full_resource_name", "Required. The full resource name.");
        }
        if (!query.hasIdentitySelector()) {
            return field("analysis_query.identity_selector", "The embedded Asset service answers identity queries only:"
                    + " give identity_selector.identity.");
        }
        String identity = query.getIdentitySelector().getIdentity();
        if (identity.isEmpty()) {
            return field("analysis_query.identity_selector.identity", "Required. The identity appear in the form of"
                    + " principals in IAM policy binding.");
        }
        if (identity.contains("*") || identity.contains("?")) {
            return field("analysis_query.identity_selector.identity", "Notice that wildcard characters (such as * and ?)"
                    + " are not supported. You must give a specific identity.");
        }
        if (!PRINCIPAL.matcher(identity).matches()) {
            return field("analysis_query.identity_selector.identity", "The identity appear in the form of principals in"
                    + " IAM policy binding, such as \"serviceAccount:my-project-id@appspot.gserviceaccount.com\".");
        }
        if (query.getOptions().getExpandGroups()) {
            return field("analysis_query.options.expand_groups", "If IamPolicyAnalysisQuery.identity_selector is"
                    + " specified, the identity in the result will be determined by the selector, and this flag is not"
                    + " allowed to set.");
        }
        int accesses = query.getAccessSelector().getRolesCount() + query.getAccessSelector().getPermissionsCount();
        if (accesses > MAX_ACCESSES) {
            return field("analysis_query.access_selector", "In one request, the total number of roles and permissions"
                    + " should be equal or less than 10. If you have more than that, please split your request into"
                    + " multiple ones.");
        }
        if (accesses > 0 && query.getOptions().getExpandRoles()) {
            return field("analysis_query.options.expand_roles", "If IamPolicyAnalysisQuery.access_selector is specified,"
                    + " the access section of the result will be determined by the selector, and this flag is not allowed"
                    + " to set.");
        }
        return Optional.empty();
    }

    private static Optional<BadRequest.FieldViolation> field(String field, String description) {
        return Optional.of(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(description).build());
    }

    private AnalyzeIamPolicyResponse analysis(IamPolicyAnalysisQuery query) {
        IamFixture fixture = iam;
        String identity = query.getIdentitySelector().getIdentity();
        List<String> resources = query.hasResourceSelector()
                ? fixture.lineage(query.getResourceSelector().getFullResourceName().replaceFirst("^" + RESOURCE_MANAGER, ""))
                : List.copyOf(fixture.policies().keySet());
        AnalyzeIamPolicyResponse.IamPolicyAnalysis.Builder analysis = AnalyzeIamPolicyResponse.IamPolicyAnalysis.newBuilder()
                .setAnalysisQuery(query);
        boolean explored = true;
        for (String resource : resources) {
            if (!fixture.lineage(resource).contains(query.getScope())) {
                continue;
            }
            for (Binding binding : fixture.policies().getOrDefault(resource, List.of())) {
                Optional<List<List<String>>> path = binding.getMembersList().stream()
                        .map(member -> fixture.path(member, identity)).flatMap(Optional::stream).findFirst();
                if (path.isPresent()) {
                    analysis.addAnalysisResults(result(query, resource, binding, identity, path.get()));
                    continue;
                }
                for (String hidden : binding.getMembersList().stream().filter(m -> hides(fixture, m, new ArrayList<>())).toList()) {
                    explored = false;
                    analysis.addNonCriticalErrors(IamPolicyAnalysisState.newBuilder().setCode(Code.PERMISSION_DENIED)
                            .setCause("The members of " + hidden + " cannot be listed: the caller lacks the groups.read"
                                    + " Google Workspace permission"));
                }
            }
        }
        return AnalyzeIamPolicyResponse.newBuilder().setMainAnalysis(analysis.setFullyExplored(explored))
                .setFullyExplored(explored).build();
    }

    /** Whether {@code member} is, or holds, a group whose members cannot be listed. */
    private static boolean hides(IamFixture fixture, String member, List<String> seen) {
        if (fixture.unreadableGroups().contains(member)) {
            return true;
        }
        if (seen.contains(member)) {
            return false;
        }
        seen.add(member);
        return fixture.groups().getOrDefault(member, List.of()).stream().anyMatch(inner -> hides(fixture, inner, seen));
    }

    private static IamPolicyAnalysisResult result(IamPolicyAnalysisQuery query, String resource, Binding binding,
                                                  String identity, List<List<String>> edges) {
        String attached = RESOURCE_MANAGER + resource;
        IamPolicyAnalysisResult.IdentityList.Builder identities = IamPolicyAnalysisResult.IdentityList.newBuilder()
                .addIdentities(IamPolicyAnalysisResult.Identity.newBuilder().setName(identity));
        if (query.getOptions().getOutputGroupEdges()) {
            edges.forEach(edge -> identities.addGroupEdges(IamPolicyAnalysisResult.Edge.newBuilder()
                    .setSourceNode(edge.get(0)).setTargetNode(edge.get(1))));
        }
        return IamPolicyAnalysisResult.newBuilder()
                .setAttachedResourceFullName(attached)
                .setIamBinding(binding)
                .addAccessControlLists(IamPolicyAnalysisResult.AccessControlList.newBuilder()
                        .addResources(IamPolicyAnalysisResult.Resource.newBuilder().setFullResourceName(
                                query.hasResourceSelector() ? query.getResourceSelector().getFullResourceName() : attached))
                        .addAccesses(IamPolicyAnalysisResult.Access.newBuilder().setRole(binding.getRole())))
                .setIdentityList(identities)
                .setFullyExplored(true)
                .build();
    }
}
