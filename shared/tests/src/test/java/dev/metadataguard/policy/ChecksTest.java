package dev.metadataguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodeConfig;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.NodeMetadata;
import dev.metadataguard.policy.Subject.ClusterPart;
import dev.metadataguard.policy.Subject.PoolPart;
import dev.metadataguard.policy.Subject.RolesPart;
import dev.metadataguard.policy.checks.BroadScopesOnDefaultAccount;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.policy.checks.DefaultServiceAccount;
import dev.metadataguard.policy.checks.LegacyEndpointsEnabled;
import dev.metadataguard.policy.checks.MetadataExposed;
import dev.metadataguard.policy.checks.OverPrivilegedServiceAccount;
import dev.metadataguard.testing.TestPools;
import dev.metadataguard.testing.TestRoles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private static final ResourceRef POOL = new ResourceRef("p1", "europe-west1-b", "c1", "np");
    private static final String SA = "gke-nodes@p1.iam.gserviceaccount.com";
    private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    /** As the built-in policy sets them. */
    private static final CheckSettings DEFAULTS =
            new CheckSettings(true, Set.copyOf(NodeRoles.ALLOWED_BY_DEFAULT), Map.of());
    private static final CheckSettings GKE_ONLY =
            new CheckSettings(false, Set.copyOf(NodeRoles.ALLOWED_BY_DEFAULT), Map.of());

    private static NodeSettings node(String sa, String mode, Optional<String> concealment, List<String> scopes,
                                     Map<String, String> metadata) {
        return new NodeSettings("nodePools[np].config", sa, scopes, metadata, mode, concealment, false,
                TestPools.withOtherChecksFixed(NodeConfig.newBuilder()).build());
    }

    private static NodeSettings node(String sa, String mode) {
        return node(sa, mode, Optional.empty(), List.of(), Map.of("disable-legacy-endpoints", "true"));
    }

    private static Subject subject(NodeSettings node, boolean workloadIdentity) {
        return new Subject(PoolPart.of(POOL, node), ClusterPart.standard(workloadIdentity), holding(), DEFAULTS);
    }

    private static RolesPart holding(String... roles) {
        return RolesPart.read(TestRoles.held("p1", Set.of(roles)).orElseThrow());
    }

    private static Finding failed(Verdict v) {
        return assertInstanceOf(Verdict.Fail.class, v).finding();
    }

    @Test
    void mg001PassesOnGkeMetadata() {
        assertInstanceOf(Verdict.Pass.class, new MetadataExposed().evaluate(subject(node(SA, "GKE_METADATA"), false)));
    }

    @Test
    void mg001FailsOnGceMetadataWithEvidence() {
        Finding f = failed(new MetadataExposed().evaluate(subject(node(SA, "GCE_METADATA"), true)));
        assertEquals("MG001", f.checkId());
        assertEquals(Severity.HIGH, f.severity());
        assertEquals(new Evidence("nodePools[np].config.workloadMetadataConfig.mode", "GKE_METADATA", "GCE_METADATA"),
                f.evidence());
    }

    @Test
    void mg001UnsetModeOnALivePoolIsExposedEvenUnderWorkloadIdentity() {
        // GKE writes GKE_METADATA on pools it creates under Workload Identity; enabling it later leaves
        // existing pools unset, and their nodes keep serving the Compute Engine metadata.
        for (boolean workloadIdentity : List.of(true, false)) {
            Finding f = failed(new MetadataExposed().evaluate(subject(node(SA, "MODE_UNSPECIFIED"), workloadIdentity)));
            assertEquals(new Evidence("nodePools[np].config.workloadMetadataConfig.mode", "GKE_METADATA",
                    "MODE_UNSPECIFIED (the Compute Engine metadata server: exposed)"), f.evidence());
        }
    }

    @Test
    void mg001UnsetModeOfPoolsYetToBeCreatedFollowsWorkloadIdentity() {
        NodeSettings defaults = new NodeSettings("autoscaling.autoprovisioningNodePoolDefaults", SA, List.of(),
                Map.of(), "MODE_UNSPECIFIED", Optional.empty(), true, NodeConfig.getDefaultInstance());
        assertInstanceOf(Verdict.Pass.class, new MetadataExposed().evaluate(subject(defaults, true)));
        assertEquals("MODE_UNSPECIFIED on a cluster without Workload Identity (pools created from these defaults"
                + " expose metadata)", failed(new MetadataExposed().evaluate(subject(defaults, false))).evidence().actual());
    }

    /**
     * A source that cannot read the v1beta1 field (the replay's cluster known only through a pool request without a
     * mode, whose Workload Identity decided the mode GKE wrote) may hold the GKE metadata server or nothing: unknown.
     */
    @Test
    void mg001UnreadNodeMetadataThatMayBeTheMetadataServerIsUnknownUnderEveryPolicy() {
        NodeMetadata.Unread unread = new NodeMetadata.Unread("cluster never seen",
                List.of(Optional.empty(), Optional.of("GKE_METADATA_SERVER")));
        for (CheckSettings settings : List.of(DEFAULTS, GKE_ONLY)) {
            Subject s = new Subject(new PoolPart(POOL, node(SA, "MODE_UNSPECIFIED"), Optional.of(unread)),
                    ClusterPart.STANDARD_WITHOUT_WORKLOAD_IDENTITY, RolesPart.unknown(""), settings);
            assertEquals(new Verdict.Unknown("MG001", "cluster never seen"), new MetadataExposed().evaluate(s));
        }
    }

    /** A v1 listing cannot show concealment: unset there is exposed or concealed, which the default policy accepts. */
    @Test
    void mg001UnsetModeWhoseConcealmentWasNotReadIsUnknownUnlessThePolicyRefusesConcealment() {
        String why = "a v1 listing cannot show concealment; list with `gcloud beta container clusters list`";
        Optional<NodeMetadata.Unread> unread = Optional.of(new NodeMetadata.Unread(why,
                List.of(Optional.empty(), Optional.of("SECURE"))));
        Subject accepting = new Subject(new PoolPart(POOL, node(SA, "MODE_UNSPECIFIED"), unread),
                ClusterPart.STANDARD_WITH_WORKLOAD_IDENTITY, RolesPart.unknown(""), DEFAULTS);
        assertEquals(new Verdict.Unknown("MG001", why), new MetadataExposed().evaluate(accepting));

        Subject refusing = new Subject(new PoolPart(POOL, node(SA, "MODE_UNSPECIFIED"), unread),
                ClusterPart.STANDARD_WITH_WORKLOAD_IDENTITY, RolesPart.unknown(""), GKE_ONLY);
        Finding both = failed(new MetadataExposed().evaluate(refusing));
        assertEquals("MODE_UNSPECIFIED (the Compute Engine metadata server: exposed), or SECURE (legacy concealment,"
                + " not accepted by this policy)", both.evidence().actual());
        assertEquals("Unread here: " + why + ".", both.note());

        Subject exposedInV1 = new Subject(new PoolPart(POOL, node(SA, "GCE_METADATA"), unread),
                ClusterPart.STANDARD_WITH_WORKLOAD_IDENTITY, RolesPart.unknown(""), DEFAULTS);
        assertEquals("GCE_METADATA", failed(new MetadataExposed().evaluate(exposedInV1)).evidence().actual(),
                "a mode v1 shows settles it");
    }

    @Test
    void mg001V1beta1ExposeAndMetadataServer() {
        NodeSettings server = node(SA, "MODE_UNSPECIFIED", Optional.of("GKE_METADATA_SERVER"), List.of(), Map.of());
        assertInstanceOf(Verdict.Pass.class, new MetadataExposed().evaluate(subject(server, false)));
        NodeSettings expose = node(SA, "MODE_UNSPECIFIED", Optional.of("EXPOSE"), List.of(), Map.of());
        assertEquals(new Evidence("nodePools[np].config.workloadMetadataConfig.nodeMetadata", "GKE_METADATA", "EXPOSE"),
                failed(new MetadataExposed().evaluate(subject(expose, true))).evidence());
    }

    @Test
    void mg001LiveV1ModeWinsOverLegacyConcealment() {
        NodeSettings switched = node(SA, "GCE_METADATA", Optional.of("SECURE"), List.of(), Map.of());
        assertEquals("GCE_METADATA", failed(new MetadataExposed().evaluate(subject(switched, true))).evidence().actual());
    }

    @Test
    void mg001AutopilotIsAlwaysProtected() {
        Subject s = new Subject(PoolPart.of(POOL, node("default", "MODE_UNSPECIFIED")),
                ClusterPart.AUTOPILOT, RolesPart.unknown(""), DEFAULTS);
        assertInstanceOf(Verdict.Pass.class, new MetadataExposed().evaluate(s));
        assertInstanceOf(Verdict.Fail.class, new DefaultServiceAccount().evaluate(s), "Autopilot's node SA is still checked");
    }

    @Test
    void mg002DefaultAccountInEachSpelling() {
        for (String sa : List.of("", "default", "123456789-compute@developer.gserviceaccount.com")) {
            assertEquals("MG002", failed(new DefaultServiceAccount().evaluate(subject(node(sa, "GKE_METADATA"), true)))
                    .checkId(), sa);
        }
        assertInstanceOf(Verdict.Pass.class, new DefaultServiceAccount().evaluate(subject(node(SA, "GKE_METADATA"), true)));
    }

    @Test
    void mg003ComparesRolesWithTheAllowedSet() {
        Subject minimal = new Subject(PoolPart.of(POOL, node(SA, "GKE_METADATA")),
                ClusterPart.STANDARD_WITH_WORKLOAD_IDENTITY, holding("roles/logging.logWriter", "roles/monitoring.viewer"),
                DEFAULTS);
        assertInstanceOf(Verdict.Pass.class, new OverPrivilegedServiceAccount().evaluate(minimal));
        Subject editor = new Subject(PoolPart.of(POOL, node(SA, "GKE_METADATA")),
                ClusterPart.STANDARD_WITH_WORKLOAD_IDENTITY, holding("roles/logging.logWriter", "roles/editor"), DEFAULTS);
        assertEquals("also roles/editor", failed(new OverPrivilegedServiceAccount().evaluate(editor)).evidence().actual());
    }

    @Test
    void mg003WithoutRolesIsUnknownWithTheReason() {
        Subject s = new Subject(PoolPart.of(POOL, node(SA, "GKE_METADATA")),
                ClusterPart.STANDARD_WITH_WORKLOAD_IDENTITY, RolesPart.unknown("no export"), DEFAULTS);
        assertEquals(new Verdict.Unknown("MG003", "no export"), new OverPrivilegedServiceAccount().evaluate(s));
    }

    @Test
    void mg004NeedsTheExactStringTrue() {
        NodeSettings off = node(SA, "GKE_METADATA", Optional.empty(), List.of(), Map.of("disable-legacy-endpoints", "false"));
        assertEquals(new Evidence("nodePools[np].config.metadata[\"disable-legacy-endpoints\"]", "\"true\"", "\"false\""),
                failed(new LegacyEndpointsEnabled().evaluate(subject(off, true))).evidence());
        NodeSettings absent = node(SA, "GKE_METADATA", Optional.empty(), List.of(), Map.of());
        assertEquals("(absent)", failed(new LegacyEndpointsEnabled().evaluate(subject(absent, true))).evidence().actual());
        assertInstanceOf(Verdict.Pass.class, new LegacyEndpointsEnabled().evaluate(subject(node(SA, "GKE_METADATA"), true)));
    }

    /** Shut down on 2020-09-30 and set by GKE itself since 1.12: reported, never a reason to act on its own. */
    @Test
    void mg004IsALowInformationalFindingThatSaysWhy() {
        LegacyEndpointsEnabled check = new LegacyEndpointsEnabled();
        NodeSettings off = node(SA, "GKE_METADATA", Optional.empty(), List.of(), Map.of("disable-legacy-endpoints", "false"));
        Finding f = failed(check.evaluate(subject(off, true)));

        assertEquals(Severity.LOW, f.severity());
        assertTrue(check.informational());
        assertTrue(f.note().contains("shut down on 2020-09-30"), f.note());
        assertTrue(check.whyItMatters().contains("30 September 2020") && check.whyItMatters().contains("1.12")
                && check.whyItMatters().contains("CIS GKE Benchmark 1.6.0"), check.whyItMatters());
        assertEquals(List.of("MG004"), Checks.ALL.stream().filter(Check::informational).map(Check::id).toList());
        assertTrue(check.prevention().isEmpty(), "an informational finding is no reason to refuse a request");
    }

    /** CIS GKE Benchmark 1.6.0: 5.2.1 (default account, minimal privileges) and 5.4.1 (GKE metadata server). */
    @Test
    void checksNameTheirCisGkeBenchmarkItemWhereItHasOne() {
        Map.of("MG001", "5.4.1", "MG002", "5.2.1", "MG003", "5.2.1", "MG004", "none", "MG005", "none").forEach(
                (id, item) -> assertEquals(item, Checks.byId(id).orElseThrow().cis().map(CisItem::id).orElse("none"), id));
        assertEquals("CIS GKE Benchmark 1.6.0 5.4.1", new MetadataExposed().cis().orElseThrow().reference());
    }

    @Test
    void mg005BroadScopeOnlyMattersWithTheDefaultAccount() {
        NodeSettings defaultBroad = node("default", "GKE_METADATA", Optional.empty(), List.of(CLOUD_PLATFORM), Map.of());
        assertEquals(CLOUD_PLATFORM, failed(new BroadScopesOnDefaultAccount().evaluate(subject(defaultBroad, true)))
                .evidence().actual());
        NodeSettings namedBroad = node(SA, "GKE_METADATA", Optional.empty(), List.of(CLOUD_PLATFORM), Map.of());
        assertInstanceOf(Verdict.Pass.class, new BroadScopesOnDefaultAccount().evaluate(subject(namedBroad, true)));
        NodeSettings defaultNarrow = node("default", "GKE_METADATA", Optional.empty(),
                List.of("https://www.googleapis.com/auth/logging.write"), Map.of());
        assertInstanceOf(Verdict.Pass.class, new BroadScopesOnDefaultAccount().evaluate(subject(defaultNarrow, true)));
    }

    @Test
    void evaluationOutcomes() {
        PolicyEngine engine = new PolicyEngine(Checks.ALL);
        Subject good = new Subject(PoolPart.of(POOL, node(SA, "GKE_METADATA")),
                ClusterPart.STANDARD_WITH_WORKLOAD_IDENTITY, holding("roles/logging.logWriter"), DEFAULTS);
        assertEquals(Outcome.COMPLIANT, engine.evaluate(good, Optional.empty()).outcome());
        Subject bad = subject(node("default", "GCE_METADATA"), false);
        Evaluation e = engine.evaluate(bad, Optional.empty());
        assertEquals(Outcome.VIOLATION, e.outcome());
        assertEquals(List.of("MG001", "MG002"), e.findings().stream().map(Finding::checkId).toList());
        assertEquals(Outcome.EXEMPT, engine.evaluate(bad, Optional.of("label")).outcome());
        Subject unsettled = new Subject(PoolPart.of(POOL, node(SA, "GKE_METADATA")),
                ClusterPart.STANDARD_WITH_WORKLOAD_IDENTITY, RolesPart.unknown("no export"), DEFAULTS);
        assertEquals(Outcome.UNKNOWN, engine.evaluate(unsettled, Optional.empty()).outcome());
    }
}
