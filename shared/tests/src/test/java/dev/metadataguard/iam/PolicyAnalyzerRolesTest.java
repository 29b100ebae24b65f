package dev.metadataguard.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.asset.v1.IamPolicyAnalysisQuery;
import com.google.container.v1.NodeConfig;
import com.google.iam.v1.Policy;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.PolicyException;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.policy.CheckSettings;
import dev.metadataguard.policy.NodeRoles;
import dev.metadataguard.policy.NodeSettings;
import dev.metadataguard.policy.Subject;
import dev.metadataguard.policy.Verdict;
import dev.metadataguard.policy.checks.OverPrivilegedServiceAccount;
import dev.metadataguard.sweep.EmbeddedAssetService;
import dev.metadataguard.testing.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MG003's roles through the IAM Policy Analyzer: the real asset client against the embedded Asset service, which
 * answers {@code AnalyzeIamPolicy} from test-events/iam/acme-org-analyzer.json, and the Resource Manager walk
 * (against the fake Resource Manager, seeded from the same file) to fall back on.
 */
class PolicyAnalyzerRolesTest {

    private static final String ORG = "organizations/417000";
    private static final String GKE_NODES = "gke-nodes@acme-prod.iam.gserviceaccount.com";
    private static final String ETL_NODES = "etl-nodes@acme-prod.iam.gserviceaccount.com";
    private static final String SANDBOX_NODES = "sandbox-nodes@acme-sandbox.iam.gserviceaccount.com";
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final CheckSettings DEFAULTS = new CheckSettings(true, Set.copyOf(NodeRoles.ALLOWED_BY_DEFAULT), Map.of());
    private static final IamFixture ACME = IamFixture.read("acme-org-analyzer.json");

    private final MovableClock clock = new MovableClock();
    private final EmbeddedAssetService assets = EmbeddedAssetService.inProcess(project -> List.of());
    private final FakeResourceManager resourceManager = new FakeResourceManager();
    private final ResourceManagerRoles walk = ResourceManagerRoles.forEndpoint(resourceManager.endpoint(), clock, TTL);
    private final PolicyAnalyzerRoles roles = new PolicyAnalyzerRoles(assets.client(), ORG, walk, clock, TTL);

    @BeforeEach
    void organisation() {
        assets.iam(ACME, ORG);
        ACME.parents().forEach(resourceManager::parent);
        ACME.policies().forEach((resource, bindings) -> resourceManager.policy(resource,
                Policy.newBuilder().addAllBindings(bindings).build()));
    }

    @AfterEach
    void close() {
        roles.close();
        walk.close();
        resourceManager.close();
        assets.close();
    }

    private static Verdict mg003(String project, String account, Optional<Grants> grants) {
        NodeSettings node = new NodeSettings("nodePools[np].config", account, List.of(), Map.of(), "GKE_METADATA",
                Optional.empty(), false, NodeConfig.getDefaultInstance());
        return new OverPrivilegedServiceAccount().evaluate(new Subject(
                Subject.PoolPart.of(new ResourceRef(project, "europe-west1-b", "c1", "np"), node),
                Subject.ClusterPart.standard(true),
                grants.map(Subject.RolesPart::read).orElseGet(() -> Subject.RolesPart.unknown("")), DEFAULTS));
    }

    @Test
    void aRoleGrantedToAGroupTheAccountIsInThroughAnotherIsAViolation() {
        Grants grants = roles.grantsOf("acme-prod", ETL_NODES).orElseThrow();

        assertTrue(grants.grants().contains(new Grant("roles/compute.admin", "folders/2024", false,
                Optional.of("group:platform@acme.example"))), grants.toString());
        Verdict.Fail fail = assertInstanceOf(Verdict.Fail.class, mg003("acme-prod", ETL_NODES, Optional.of(grants)));
        assertEquals("also roles/compute.admin (on folders/2024, through group:platform@acme.example)",
                fail.finding().evidence().actual());
    }

    @Test
    void onlyAllowedRolesDirectOrThroughAGroupPass() {
        Grants grants = roles.grantsOf("acme-prod", GKE_NODES).orElseThrow();

        assertEquals(Set.of("roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer",
                "roles/artifactregistry.reader"), grants.roles());
        assertEquals(List.of(), grants.unread());
        assertEquals(List.of(), grants.unexpanded(), "the analyzer expands every group it reads");
        // roles/editor is bound to group:developers on acme-prod, which gke-nodes is not in.
        assertInstanceOf(Verdict.Pass.class, mg003("acme-prod", GKE_NODES, Optional.of(grants)));
    }

    @Test
    void itAsksAboutTheProjectAndTheAccountOverTheOrganisationWithGroupEdges() {
        roles.grantsOf("acme-prod", GKE_NODES);

        IamPolicyAnalysisQuery query = assets.analyzer().requests().get(0).getAnalysisQuery();
        assertEquals(ORG, query.getScope());
        assertEquals("//cloudresourcemanager.googleapis.com/projects/acme-prod",
                query.getResourceSelector().getFullResourceName());
        assertEquals("serviceAccount:" + GKE_NODES, query.getIdentitySelector().getIdentity());
        assertTrue(query.getOptions().getOutputGroupEdges());
        assertFalse(query.getOptions().getExpandGroups(), "not allowed with an identity selector");
        assertFalse(query.getOptions().getExpandRoles());
        assertEquals(List.of(), resourceManager.policyReads(), "the walk is not needed");
    }

    @Test
    void anAnalyzerThatRefusesLeavesTheWalkWhoseGroupBindingsMakeMg003Unknown() {
        assets.analyzer().revoke(ORG);

        Grants grants = roles.grantsOf("acme-prod", GKE_NODES).orElseThrow();

        assertEquals(Set.of("roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer"),
                grants.roles(), "the walk sees only the bindings that name the account");
        Verdict.Unknown unknown = assertInstanceOf(Verdict.Unknown.class, mg003("acme-prod", GKE_NODES, Optional.of(grants)));
        assertEquals("roles beyond the allowed set are bound to groups whose members cannot be read here, so the account"
                + " may hold them: roles/compute.admin (on folders/2024, through group:platform@acme.example), roles/editor"
                + " (through group:developers@acme.example), roles/storage.admin (through group:batch@acme.example,"
                + " conditional), roles/viewer (on organizations/417000, through group:auditors@acme.example) (the IAM"
                + " Policy Analyzer expands groups: MG_IAM_ANALYSIS_SCOPE)", unknown.reason());
    }

    @Test
    void theApiDisabledOrTheDailyQuotaUsedUpFallsBackToo() {
        assets.analyzer().exhaustQuota();
        assertEquals(5, roles.grantsOf("acme-prod", GKE_NODES).orElseThrow().unexpanded().size(),
                "the walk's five grants to groups, on the project, its folder and the organisation");

        assets.disableApi();
        assertFalse(roles.grantsOf("acme-prod", ETL_NODES).orElseThrow().unexpanded().isEmpty());
        assertEquals(2, assets.analyzer().requests().size());
    }

    @Test
    void aFailureARetryCanFixGoesBackToPubSubAndIsNotKept() {
        assets.failNext(1);

        ApiFailure failure = assertThrows(ApiFailure.class, () -> roles.grantsOf("acme-prod", GKE_NODES));
        assertEquals(FailureKind.TRANSIENT, failure.kind());
        assertEquals(List.of(), resourceManager.policyReads(), "no fallback for what a retry fixes");
        assertEquals(List.of(), roles.grantsOf("acme-prod", GKE_NODES).orElseThrow().unexpanded());
    }

    @Test
    void aGroupWhoseMembersCannotBeListedLeavesMg003Unknown() {
        Grants grants = roles.grantsOf("acme-sandbox", SANDBOX_NODES).orElseThrow();

        assertEquals(Set.of("roles/container.defaultNodeServiceAccount"), grants.roles());
        Verdict.Unknown unknown = assertInstanceOf(Verdict.Unknown.class,
                mg003("acme-sandbox", SANDBOX_NODES, Optional.of(grants)));
        assertEquals("not every grant could be read: the IAM Policy Analyzer did not explore everything in"
                + " organizations/417000 (the analysis: PERMISSION_DENIED The members of group:contractors@acme.example"
                + " cannot be listed: the caller lacks the groups.read Google Workspace permission)", unknown.reason());
    }

    @Test
    void answersAreKeptForTheCacheLifetime() {
        roles.grantsOf("acme-prod", GKE_NODES);
        roles.grantsOf("acme-prod", GKE_NODES);
        assertEquals(1, assets.analyzer().requests().size(), "at most 20 analyses a day without SCC Premium");

        clock.advance(TTL);
        roles.grantsOf("acme-prod", GKE_NODES);
        assertEquals(2, assets.analyzer().requests().size());
    }

    @Test
    void theScopeMustBeTheOrganisation() {
        PolicyException e = assertThrows(PolicyException.class,
                () -> new PolicyAnalyzerRoles(assets.client(), "folders/2024", walk, clock, TTL));
        assertTrue(e.getMessage().contains("\"folders/2024\" is not organizations/NUMBER"), e.getMessage());
    }

    @Test
    void foldersComeFromTheWalk() {
        assertEquals(Optional.of(List.of("2024")), roles.foldersOf("acme-prod"));
    }
}
