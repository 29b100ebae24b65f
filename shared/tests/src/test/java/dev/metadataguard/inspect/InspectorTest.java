package dev.metadataguard.inspect;

import static dev.metadataguard.testing.TestPools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Autopilot;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.ReservationAffinity;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.OperationStatus;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.event.Verb;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Labels;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestPools;
import dev.metadataguard.testing.TestRoles;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The inspector against the embedded GKE through the real container client. */
class InspectorTest {

    private static final ResourceRef CLUSTER = ResourceRef.cluster("p1", "europe-west1-b", "c1");
    private static final String SA = "gke-nodes@p1.iam.gserviceaccount.com";
    private static final ProjectRoles MINIMAL = (project, sa) -> TestRoles.held(project, Set.of("roles/logging.logWriter"));

    private EmbeddedGke gke = EmbeddedGke.inProcess();
    private ContainerGke client = ContainerGke.connect(gke.channel());

    @AfterEach
    void close() {
        client.close();
        gke.close();
    }

    private void cluster(boolean workloadIdentity, java.util.Map<String, String> labels) {
        Cluster.Builder c = Cluster.newBuilder().setName("c1").putAllResourceLabels(labels)
                .addNodePools(pool("good", SA, WorkloadMetadataConfig.Mode.GKE_METADATA))
                .addNodePools(pool("bad", "default", WorkloadMetadataConfig.Mode.GCE_METADATA));
        if (workloadIdentity) {
            c.setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool("p1.svc.id.goog"));
        }
        gke.seed(CLUSTER.name(), c.build());
    }

    private static AuditEvent event(Verb verb, ResourceRef resource) {
        return new AuditEvent("google.container.v1.ClusterManager." + verb.methodSuffix(), "v1", verb, resource,
                Optional.of("operation-1"), true, false, OperationStatus.OK, "NOTICE", Optional.of("a@b.example"),
                Optional.of(Instant.parse("2026-11-02T10:00:00Z")), "i1", Optional.empty());
    }

    private Inspector inspector(Policy policy, ProjectRoles roles) {
        return Wiring.inspector(client, roles, policy);
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> ids(Decision d) {
        return d.findings().stream().map(Finding::checkId).toList();
    }

    @Test
    void createClusterEvaluatesEveryPool() {
        cluster(true, java.util.Map.of());
        List<Decision> decisions = inspector(Policy.defaults(), MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER))
                .decisions();
        assertEquals(List.of(CLUSTER.withNodePool("good").name(), CLUSTER.withNodePool("bad").name()),
                decisions.stream().map(Decision::resource).toList());
        assertEquals(Outcome.COMPLIANT, decisions.get(0).outcome());
        assertEquals(List.of("MG001", "MG002"), ids(decisions.get(1)));
        assertEquals(Action.TICKET, decisions.get(1).action());
        assertEquals("a@b.example", decisions.get(1).principal());
    }

    @Test
    void createNodePoolEvaluatesOnlyThatPool() {
        cluster(false, java.util.Map.of());
        List<Decision> decisions = inspector(Policy.defaults(), MINIMAL)
                .inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("bad"))).decisions();
        assertEquals(1, decisions.size());
        assertEquals(Outcome.VIOLATION, decisions.get(0).outcome());
    }

    @Test
    void policyExemptionIsReportedWithItsReason() {
        cluster(false, java.util.Map.of());
        Policy policy = PolicyLoader.parse("exemptions:\n  - match: {cluster: \"c*\", nodePool: bad}\n"
                + "    reason: vendor agent\n", "t");
        Decision d = inspector(policy, MINIMAL).inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("bad")))
                .decisions().get(0);
        assertEquals(Outcome.EXEMPT, d.outcome());
        assertEquals("policy exemption: vendor agent", d.reason());
        assertEquals(Action.NONE, d.action());
        assertEquals(List.of("MG001", "MG002"), ids(d), "exempt resources still show what they would fail");
    }

    @Test
    void aLapsedExemptionNoLongerExemptsAndTheDecisionSaysSo() {
        cluster(false, java.util.Map.of());
        Policy policy = PolicyLoader.parse("exemptions:\n  - match: {nodePool: bad}\n    reason: vendor agent\n"
                + "    owner: platform-team\n    expires: \"2026-11-01\"\n", "t");

        Inspection inspection = inspector(policy, MINIMAL).inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("bad")));
        Decision d = inspection.decisions().get(0);

        assertEquals(Outcome.VIOLATION, d.outcome(), "the event is from 2026-11-02, the day after its last day");
        assertEquals("remediation: ticket; the policy exemption \"vendor agent (owner platform-team) (until 2026-11-01)\""
                + " lapsed, so it no longer exempts", d.reason());
        assertEquals("platform-team", inspection.exemptions().get(d.resource()).owner());
    }

    @Test
    void anExemptionExemptsThroughItsLastDayAndTheReasonNamesItsOwner() {
        cluster(false, java.util.Map.of());
        Policy policy = PolicyLoader.parse("exemptions:\n  - match: {nodePool: bad}\n    reason: vendor agent\n"
                + "    owner: platform-team\n    expires: \"2026-11-02\"\n", "t");

        Decision d = inspector(policy, MINIMAL).inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("bad")))
                .decisions().get(0);

        assertEquals(Outcome.EXEMPT, d.outcome());
        assertEquals("policy exemption: vendor agent (owner platform-team) (until 2026-11-02)", d.reason());
    }

    @Test
    void clusterLabelExemptsEveryPool() {
        cluster(false, java.util.Map.of("metadata-guard-exempt", "lab"));
        Decision d = inspector(Policy.defaults(), MINIMAL).inspect(event(Verb.CREATE_NODE_POOL,
                CLUSTER.withNodePool("bad"))).decisions().get(0);
        assertEquals(Outcome.EXEMPT, d.outcome());
        assertEquals("label metadata-guard-exempt=lab", d.reason());
        assertEquals(Action.TICKET, d.action(), "a label anyone can write is itself reported");
    }

    @Test
    void labelExemptsNothingWhenThePolicyDisallowsLabelExemptions() {
        cluster(false, java.util.Map.of("metadata-guard-exempt", "lab"));
        Policy policy = PolicyLoader.parse("allowLabelExemptions: false\n", "t");
        Decision d = inspector(policy, MINIMAL).inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("bad")))
                .decisions().get(0);
        assertEquals(Outcome.VIOLATION, d.outcome());
        assertEquals(Action.TICKET, d.action());
    }

    @Test
    void remediationRuleAsksForAReplacementByLabel() {
        cluster(false, java.util.Map.of("env", "sandbox"));
        Policy policy = PolicyLoader.parse("remediation:\n  - match: {label: env=sandbox}\n    action: replace\n"
                + "nodeServiceAccounts: {p1: " + SA + "}\n", "t");
        RecordingSink sink = new RecordingSink();
        Inspection inspection = inspector(policy, MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER));
        DecisionRouter.route(inspection, Verb.CREATE_CLUSTER, sink);
        assertEquals(List.of(CLUSTER.withNodePool("bad").name()),
                sink.replacements.stream().map(Decision::resource).toList());
        assertEquals(List.of(new TicketRequest.Evaluated(sink.replacements.get(0))), sink.tickets,
                "the replacement's ticket is asked for first; compliant pools of a creation are only logged");
    }

    /** A pool with the legacy endpoints on and nothing else wrong, and one with exposed metadata too. */
    private void legacyEndpointPools() {
        NodePool legacy = pool("legacy", SA, WorkloadMetadataConfig.Mode.GKE_METADATA);
        legacy = legacy.toBuilder().setConfig(legacy.getConfig().toBuilder()
                .putMetadata("disable-legacy-endpoints", "false")).build();
        NodePool both = legacy.toBuilder().setName("both").setConfig(legacy.getConfig().toBuilder()
                .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder()
                        .setMode(WorkloadMetadataConfig.Mode.GCE_METADATA))).build();
        workloadIdentityCluster(legacy, both);
    }

    private void workloadIdentityCluster(NodePool... pools) {
        gke.seed(CLUSTER.name(), Cluster.newBuilder().setName("c1").addAllNodePools(List.of(pools))
                .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool("p1.svc.id.goog")).build());
    }

    /** The cluster's creation inspected where every violation is to be replaced, and routed to {@code sink}. */
    private Inspection routedWhereEverythingIsReplaced(RecordingSink sink) {
        Policy replaceAll = PolicyLoader.parse("defaultAction: replace\nnodeServiceAccounts: {p1: " + SA + "}\n", "t");
        Inspection inspection = inspector(replaceAll, MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER));
        DecisionRouter.route(inspection, Verb.CREATE_CLUSTER, sink);
        return inspection;
    }

    @Test
    void aPoolWhoseOnlyFindingIsInformationalGetsATicketWhereTheRulesSayReplace() {
        legacyEndpointPools();
        RecordingSink sink = new RecordingSink();

        Inspection inspection = routedWhereEverythingIsReplaced(sink);

        Decision legacy = inspection.decisions().get(0);
        assertEquals(List.of("MG004"), ids(legacy));
        assertEquals(Action.TICKET, legacy.action());
        assertEquals("only informational findings, which never lead to a replacement on their own; ticket instead",
                legacy.reason());
        Decision both = inspection.decisions().get(1);
        assertEquals(List.of("MG001", "MG004"), ids(both));
        assertEquals(Action.REPLACE, both.action(), "with a finding that matters, the rules apply as before");
        assertEquals(List.of(both.resource()), sink.replacements.stream().map(Decision::resource).toList());
    }

    @Test
    void aCheckSwitchedOffInThePolicyGivesNoVerdict() {
        legacyEndpointPools();
        Policy withoutMg004 = PolicyLoader.parse("checks:\n  MG004: {enabled: false}\n", "t");

        List<Decision> decisions = inspector(withoutMg004, MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER)).decisions();

        assertEquals(Outcome.COMPLIANT, decisions.get(0).outcome());
        assertEquals(List.of("MG001"), ids(decisions.get(1)));
        assertEquals(List.of("MG004"), ids(inspector(Policy.defaults(), MINIMAL).inspect(
                event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("legacy"))).decisions().get(0)));
    }

    /** A check's action caps its findings: a pool is replaced only if one of its findings may lead to a replacement. */
    @Test
    void aCheckCappedAtTicketLeadsNoPoolToAReplacementOnItsOwn() {
        legacyEndpointPools();
        String replaceAll = "defaultAction: replace\nnodeServiceAccounts: {p1: " + SA + "}\n";
        Policy mg001Ticket = PolicyLoader.parse(replaceAll + "checks:\n  MG001: {action: ticket}\n", "t");

        Decision both = inspector(mg001Ticket, MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER)).decisions().get(1);

        assertEquals(List.of("MG001", "MG004"), ids(both));
        assertEquals(Action.TICKET, both.action());
        assertEquals("the policy caps the checks of these findings at action ticket (checks); ticket instead",
                both.reason());
        Policy mg004Ticket = PolicyLoader.parse(replaceAll + "checks:\n  MG004: {action: ticket}\n", "t");
        assertEquals(Action.REPLACE, inspector(mg004Ticket, MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER))
                .decisions().get(1).action(), "MG001's finding is not capped, so the rules' replace applies");
    }

    /** Exposed pools GKE can give no second set of nodes beside them: one on a specific reservation, one queued. */
    private void poolsThatCannotBeDoubled() {
        NodePool reserved = pool("reserved", "default", WorkloadMetadataConfig.Mode.GCE_METADATA);
        reserved = reserved.toBuilder().setConfig(reserved.getConfig().toBuilder().setReservationAffinity(
                ReservationAffinity.newBuilder().setConsumeReservationType(ReservationAffinity.Type.SPECIFIC_RESERVATION)
                        .setKey("compute.googleapis.com/reservation-name").addValues("a3-batch"))).build();
        NodePool queued = pool("queued", "default", WorkloadMetadataConfig.Mode.GCE_METADATA);
        queued = queued.toBuilder().setQueuedProvisioning(NodePool.QueuedProvisioning.newBuilder().setEnabled(true))
                .setConfig(queued.getConfig().toBuilder().setReservationAffinity(ReservationAffinity.newBuilder()
                        .setConsumeReservationType(ReservationAffinity.Type.NO_RESERVATION))).build();
        workloadIdentityCluster(reserved, queued);
    }

    @Test
    void aPoolOnASpecificReservationOrQueuedGetsATicketSayingWhyAndHow() {
        poolsThatCannotBeDoubled();
        RecordingSink sink = new RecordingSink();

        Inspection inspection = routedWhereEverythingIsReplaced(sink);

        assertEquals(List.of(), sink.replacements);
        Decision reserved = inspection.decisions().get(0);
        assertEquals(Action.TICKET, reserved.action());
        assertEquals("not replaced: node pool reserved consumes specific reservation a3-batch, whose capacity its own"
                + " nodes hold; a replacement beside it would find none left; ticket instead", reserved.reason());
        assertEquals(Action.TICKET, inspection.decisions().get(1).action());
        assertTrue(inspection.decisions().get(1).reason().startsWith("not replaced: node pool queued is a"
                + " queued-provisioning pool"), inspection.decisions().get(1).reason());
        List<TicketRequest.Remediated> held = sink.tickets.stream().filter(t -> t instanceof TicketRequest.Remediated)
                .map(t -> (TicketRequest.Remediated) t).toList();
        assertEquals(List.of(reserved, inspection.decisions().get(1)), held.stream().map(TicketRequest.Remediated::decision)
                .toList(), "each ticket records why its pool was held back");
        assertEquals(RemediationOutcome.Kind.PRECONDITION_FAILED, held.get(0).outcome().kind());
        assertTrue(held.get(0).outcome().fix().contains("adding --reservation-affinity=specific --reservation=a3-batch"
                + " to the create command"), held.get(0).outcome().fix());
        assertTrue(held.get(1).outcome().fix().contains("--enable-queued-provisioning and --reservation-affinity=none"),
                held.get(1).outcome().fix());
    }

    @Test
    void autopilotIsNeverReplacedAndItsMetadataIsProtected() {
        gke.seed(CLUSTER.name(), Cluster.newBuilder().setName("c1").setAutopilot(Autopilot.newBuilder().setEnabled(true)).build());
        Policy policy = PolicyLoader.parse("defaultAction: replace\nnodeServiceAccounts: {p1: " + SA + "}\n", "t");
        List<Decision> decisions = inspector(policy, MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER)).decisions();
        assertTrue(decisions.stream().allMatch(d -> !ids(d).contains("MG001")), decisions.toString());
        assertTrue(decisions.stream().allMatch(d -> d.action() == Action.TICKET), decisions.toString());
        assertTrue(decisions.stream().allMatch(d -> ids(d).contains("MG002")), decisions.toString());
    }

    @Test
    void unsetModeFollowsTheClustersWorkloadIdentity() {
        NodePool unset = NodePool.newBuilder().setName("unset").setInitialNodeCount(1).setConfig(TestPools.withOtherChecksFixed(
                NodeConfig.newBuilder().setServiceAccount(SA).putMetadata("disable-legacy-endpoints", "true"))).build();
        gke.seed(CLUSTER.name(), Cluster.newBuilder().setName("c1").addNodePools(unset).build());
        ResourceRef wi = ResourceRef.cluster("p1", "europe-west1-b", "c2");
        gke.seed(wi.name(), Cluster.newBuilder().setName("c2").addNodePools(unset)
                .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool("p1.svc.id.goog")).build());
        Inspector inspector = inspector(Policy.defaults(), MINIMAL);
        assertEquals(List.of("MG001"), ids(inspector.inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("unset")))
                .decisions().get(0)));
        assertEquals(Outcome.COMPLIANT, inspector.inspect(event(Verb.CREATE_NODE_POOL, wi.withNodePool("unset")))
                .decisions().get(0).outcome());
    }

    @Test
    void enablingWorkloadIdentityLeavesAnExistingUnsetPoolExposed() {
        NodePool unset = NodePool.newBuilder().setName("old").setInitialNodeCount(1).setConfig(TestPools.withOtherChecksFixed(
                NodeConfig.newBuilder().setServiceAccount(SA).putMetadata("disable-legacy-endpoints", "true"))).build();
        gke.seed(CLUSTER.name(), Cluster.newBuilder().setName("c1").addNodePools(unset).build());
        client.enableWorkloadIdentity(CLUSTER, "p1.svc.id.goog");
        gke.completeAllOperations();

        Decision d = inspector(Policy.defaults(), MINIMAL).inspect(event(Verb.UPDATE_CLUSTER, CLUSTER)).decisions().get(0);

        assertEquals(CLUSTER.withNodePool("old").name(), d.resource());
        assertEquals(List.of("MG001"), ids(d), "Workload Identity on the cluster does not change an existing pool's nodes");
    }

    @Test
    void legacyConcealmentIsReadLiveEvenWhenTheEntryCarriesNoRequest() {
        gke.seedFromAuditRequest(CLUSTER.name(), tree("{\"cluster\": {\"name\": \"c1\", \"nodePools\": [{\"name\": \"np\","
                + " \"config\": {\"serviceAccount\": \"" + SA + "\", \"workloadMetadataConfig\": {\"nodeMetadata\": \"SECURE\"}}}]}}"));
        AuditEvent last = event(Verb.CREATE_CLUSTER, CLUSTER);

        assertFalse(ids(inspector(Policy.defaults(), MINIMAL).inspect(last).decisions().get(0)).contains("MG001"));
        Decision strict = inspector(PolicyLoader.parse("acceptedMetadataModes: [GKE_METADATA]\n", "t"), MINIMAL)
                .inspect(last).decisions().get(0);
        assertEquals("nodePools[np].config.workloadMetadataConfig.nodeMetadata",
                strict.findings().get(0).evidence().field());
    }

    @Test
    void anUpdateToGceMetadataOverridesLegacyConcealment() {
        gke.seedFromAuditRequest(CLUSTER.name(), tree("{\"cluster\": {\"name\": \"c1\", \"nodePools\": [{\"name\": \"np\","
                + " \"config\": {\"serviceAccount\": \"" + SA + "\", \"workloadMetadataConfig\": {\"nodeMetadata\": \"SECURE\"}}}]}}"));
        client.setNodePoolWorkloadMetadata(CLUSTER.withNodePool("np"),
                WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GCE_METADATA).build());
        gke.completeAllOperations();

        Decision d = inspector(Policy.defaults(), MINIMAL).inspect(event(Verb.UPDATE_NODE_POOL,
                CLUSTER.withNodePool("np"))).decisions().get(0);

        assertEquals("GCE_METADATA", d.findings().get(0).evidence().actual());
    }

    @Test
    void folderRulesMatchTheLiveAncestryUnlessThePolicyListsTheProject() {
        cluster(false, java.util.Map.of());
        ProjectRoles inFolder42 = new ProjectRoles() {
            @Override
            public Optional<dev.metadataguard.iam.Grants> grantsOf(String project, String sa) {
                return MINIMAL.grantsOf(project, sa);
            }

            @Override
            public Optional<List<String>> foldersOf(String project) {
                return Optional.of(List.of("42", "7"));
            }
        };
        String replaceInFolder7 = "remediation:\n  - match: {folder: \"7\"}\n    action: replace\n"
                + "nodeServiceAccounts: {p1: " + SA + "}\n";
        AuditEvent bad = event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("bad"));

        assertEquals(Action.REPLACE, inspector(PolicyLoader.parse(replaceInFolder7, "t"), inFolder42).inspect(bad)
                .decisions().get(0).action());
        assertEquals(Action.TICKET, inspector(PolicyLoader.parse(replaceInFolder7 + "projectFolders: {p1: [\"99\"]}\n", "t"),
                inFolder42).inspect(bad).decisions().get(0).action(), "the policy's map overrides the live ancestry");
    }

    @Test
    void aDeletedPoolIsUnknownAndNotRetried() {
        cluster(false, java.util.Map.of());
        Decision d = inspector(Policy.defaults(), MINIMAL).inspect(event(Verb.CREATE_NODE_POOL,
                CLUSTER.withNodePool("gone"))).decisions().get(0);
        assertEquals(Outcome.UNKNOWN, d.outcome());
        assertTrue(d.reason().startsWith("not found: deleted since the event, or never seen"), d.reason());
    }

    @Test
    void unavailableIsThrownForRetry() {
        cluster(false, java.util.Map.of());
        gke.failNext("GetCluster", Status.Code.UNAVAILABLE, 1);
        ApiFailure failure = assertThrows(ApiFailure.class, () -> inspector(Policy.defaults(), MINIMAL)
                .inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("bad"))));
        assertEquals(FailureKind.TRANSIENT, failure.kind());
    }

    @Test
    void permissionDeniedOnGkeBecomesAGuardProblem() {
        cluster(false, java.util.Map.of());
        gke.failNext("GetCluster", Status.Code.PERMISSION_DENIED, 1);
        Inspection inspection = inspector(Policy.defaults(), MINIMAL)
                .inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("bad")));
        assertEquals(Outcome.UNKNOWN, inspection.decisions().get(0).outcome());
        TicketRequest.GuardProblem problem = inspection.guardProblems().get(0);
        assertEquals("container.clusters.get", problem.permission());
        assertEquals("container.projects.locations.clusters.get", problem.call());
    }

    @Test
    void permissionDeniedOnIamLeavesMg003UnknownAndReportsTheGuard() {
        cluster(false, java.util.Map.of());
        ProjectRoles denied = (project, sa) -> {
            throw new ApiFailure(FailureKind.PERMISSION_DENIED, "cloudresourcemanager.projects.getIamPolicy", "denied");
        };
        Inspection inspection = inspector(Policy.defaults(), denied)
                .inspect(event(Verb.CREATE_NODE_POOL, CLUSTER.withNodePool("good")));
        Decision d = inspection.decisions().get(0);
        assertEquals(Outcome.UNKNOWN, d.outcome());
        assertTrue(d.unknownChecks().get(0).startsWith("MG003: cannot read the IAM policy of project p1"),
                d.unknownChecks().toString());
        assertEquals("resourcemanager.projects.getIamPolicy", inspection.guardProblems().get(0).permission());
    }

    @Test
    void aCompliantUpdateClosesTheTicket() {
        cluster(false, java.util.Map.of());
        RecordingSink sink = new RecordingSink();
        Inspection inspection = inspector(Policy.defaults(), MINIMAL)
                .inspect(event(Verb.UPDATE_NODE_POOL, CLUSTER.withNodePool("good")));
        DecisionRouter.route(inspection, Verb.UPDATE_NODE_POOL, sink);
        Decision d = assertInstanceOf(TicketRequest.Evaluated.class, sink.tickets.get(0)).decision();
        assertEquals(Outcome.COMPLIANT, d.outcome());
    }

    /** The label values a cluster's owner can set; none may stop the judgement. */
    private static final List<String> REPLACES_VALUES = List.of("0", "", "x_", "A".repeat(64), "good", "../../etc");

    @Test
    void aClustersResourceLabelMarksNoPoolAsTheGuardsReplacementWhateverItsValue() {
        for (String value : REPLACES_VALUES) {
            cluster(true, java.util.Map.of(Labels.REPLACES, value));
            List<Decision> decisions = inspector(Policy.defaults(), MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER))
                    .decisions();

            assertEquals(List.of(Outcome.COMPLIANT, Outcome.VIOLATION), decisions.stream().map(Decision::outcome).toList(),
                    "label value '" + value + "'");
            assertEquals(List.of("compliant", "remediation: ticket"), decisions.stream().map(Decision::reason).toList());
            decisions.forEach(d -> assertEquals(null, d.replaces(), "a resource label is no marker"));
            gke.close();
            gke = EmbeddedGke.inProcess();
            client.close();
            client = ContainerGke.connect(gke.channel());
        }
    }

    @Test
    void aPoolsMarkerThatNamesNoPoolIsANoteInItsRowAndTheOtherPoolsAreJudged() {
        gke.seed(CLUSTER.name(), Cluster.newBuilder().setName("c1")
                .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool("p1.svc.id.goog"))
                .addNodePools(pool("good", SA, WorkloadMetadataConfig.Mode.GKE_METADATA))
                .addNodePools(labelled(pool("marked", "default", WorkloadMetadataConfig.Mode.GCE_METADATA), "../../etc"))
                .addNodePools(labelled(pool("named", SA, WorkloadMetadataConfig.Mode.GKE_METADATA), "good"))
                .build());

        List<Decision> decisions = inspector(Policy.defaults(), MINIMAL).inspect(event(Verb.CREATE_CLUSTER, CLUSTER))
                .decisions();

        assertEquals(List.of(Outcome.COMPLIANT, Outcome.VIOLATION, Outcome.COMPLIANT),
                decisions.stream().map(Decision::outcome).toList());
        Decision marked = decisions.get(1);
        assertEquals(null, marked.replaces());
        assertEquals(Action.TICKET, marked.action());
        assertTrue(marked.reason().contains("label metadata-guard-replaces=\"../../etc\" names no node pool"),
                marked.reason());
        assertEquals(CLUSTER.withNodePool("good").name(), decisions.get(2).replaces(), "a pool name is a marker");
    }

    @Test
    void aPoolTheGuardCannotJudgeIsUnknownAndItsNeighboursAreStillJudged() {
        gke.seed(CLUSTER.name(), Cluster.newBuilder().setName("c1")
                .addNodePools(pool("unset", SA, WorkloadMetadataConfig.Mode.MODE_UNSPECIFIED))
                .addNodePools(pool("bad", "default", WorkloadMetadataConfig.Mode.GCE_METADATA)).build());
        // An edge that fails in a way nobody classified, for the one pool whose mode needs the v1beta1 read.
        Gke flaky = (Gke) java.lang.reflect.Proxy.newProxyInstance(Gke.class.getClassLoader(), new Class<?>[] {Gke.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getNodeMetadata")) {
                        throw new IllegalStateException("unexpected answer");
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        List<Decision> decisions = Wiring.inspector(flaky, MINIMAL, Policy.defaults()).inspect(event(Verb.CREATE_CLUSTER, CLUSTER)).decisions();

        assertEquals(List.of(Outcome.UNKNOWN, Outcome.VIOLATION), decisions.stream().map(Decision::outcome).toList());
        assertEquals("unsettled: the guard could not judge it (IllegalStateException: unexpected answer)",
                decisions.get(0).reason());
        assertEquals(List.of("MG001", "MG002"), ids(decisions.get(1)));
    }

    @Test
    void aLiveReJudgementTakesNothingFromTheRequestsMethod() {
        cluster(true, java.util.Map.of());
        Policy replace = PolicyLoader.parse("mode: enforce\ndefaultAction: replace\nnodeServiceAccounts: {p1: " + SA + "}\n",
                "policy.yaml");
        ResourceRef bad = CLUSTER.withNodePool("bad");
        List<Action> actions = new java.util.ArrayList<>();
        for (String method : List.of("google.container.v1.ClusterManager.CreateNodePool",
                dev.metadataguard.event.InspectionRequest.METHOD, "anything")) {
            Decision request = new Decision(dev.metadataguard.decision.Fingerprint.of(bad.name(), List.of("MG001")),
                    bad.name(), Outcome.VIOLATION, List.of(), List.of(), Action.REPLACE, "remediation: replace", "enforce",
                    method, "", "", null, null);
            actions.add(inspector(replace, MINIMAL).inspectLive(bad, request).decisions().get(0).action());
        }
        assertEquals(List.of(Action.REPLACE, Action.REPLACE, Action.REPLACE), actions,
                "a sweep is never inferred from a method field; the sweep's budget was the inspector's to keep");
    }

    private static NodePool labelled(NodePool pool, String replaces) {
        return pool.toBuilder().setConfig(pool.getConfig().toBuilder().putLabels(Labels.REPLACES, replaces)).build();
    }
}
