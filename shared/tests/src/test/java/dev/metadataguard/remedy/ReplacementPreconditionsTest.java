package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.ACCOUNT;
import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static dev.metadataguard.remedy.ReplacerBed.MINIMAL_ROLES;
import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.decision;
import static dev.metadataguard.remedy.ReplacerBed.enforce;
import static dev.metadataguard.remedy.ReplacerBed.kinds;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static dev.metadataguard.remedy.ReplacerBed.richDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Autopilot;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.StatusCondition;
import com.google.protobuf.util.JsonFormat;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.iam.Grant;
import dev.metadataguard.iam.Grants;
import dev.metadataguard.iam.UnknownRoles;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.policy.NodeRoles;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestEvents;
import dev.metadataguard.testing.TestRoles;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each precondition that fails is a ticket request saying why and what to do, and nothing is created. */
class ReplacementPreconditionsTest {

    private static final String CREATE = "CreateNodePool";

    @Test
    void clusterWithoutWorkloadIdentityIsATicketWithTheCommandThatEnablesIt() {
        try (ReplacerBed bed = new ReplacerBed(Cluster.getDefaultInstance())) {
            RemediationOutcome outcome = outcome(bed.replacer(enforce("")).replace(richDecision()).get(0));

            assertEquals(Kind.PRECONDITION_FAILED, outcome.kind());
            assertEquals("Not replaced: Workload Identity is off on cluster payments, and the GKE metadata server"
                    + " (GKE_METADATA) needs it.", outcome.detail());
            assertEquals("Enable it, then replay the event: gcloud container clusters update payments"
                    + " --location=europe-west1-b --project=acme-prod --workload-pool=acme-prod.svc.id.goog (or set"
                    + " replacement.enableWorkloadIdentity: true in the policy to let the guard do it).", outcome.fix());
            assertEquals(0, bed.embedded.calls(CREATE));
            assertEquals(0, bed.embedded.calls("UpdateCluster"));
        }
    }

    /** The replacer asks its checks what the cluster needs: over checks that need nothing of it, nothing is asked. */
    @Test
    void onlyAReplacementCarryingACheckThatNeedsWorkloadIdentityAsksForIt() {
        try (ReplacerBed bed = new ReplacerBed(Cluster.getDefaultInstance())) {
            List<Check> needingNothing = Checks.ALL.stream().filter(c -> c.clusterRequirements().isEmpty()).toList();
            Inspector inspector = Wiring.inspector(bed.gke, MINIMAL_ROLES, PolicyLoader.parse(enforce(""), "test policy"), needingNothing);
            Replacer replacer = new Replacer(bed.gke, bed.groups, inspector, MINIMAL_ROLES, ReplacerBed.FAST,
                    needingNothing);

            RemediationOutcome outcome = outcome(replacer.replace(decision("MG002", "MG004")).get(0));

            assertEquals(Kind.REPLACEMENT_CREATED, outcome.kind(), outcome.detail());
            assertEquals("", bed.gke.getCluster(CLUSTER).getWorkloadIdentityConfig().getWorkloadPool());
            assertEquals(0, bed.embedded.calls("UpdateCluster"));
        }
    }

    @Test
    void policyThatOptsInEnablesWorkloadIdentityFirstThenReplaces() {
        try (ReplacerBed bed = new ReplacerBed(Cluster.getDefaultInstance())) {
            RemediationOutcome outcome = outcome(bed.replacer(enforce("enableWorkloadIdentity: true"))
                    .replace(richDecision()).get(0));

            assertEquals(Kind.REPLACEMENT_CREATED, outcome.kind());
            assertEquals("acme-prod.svc.id.goog", bed.gke.getCluster(CLUSTER).getWorkloadIdentityConfig().getWorkloadPool());
            assertEquals(1, bed.embedded.calls(CREATE));
        }
    }

    @Test
    void workloadIdentityStillBeingEnabledWhenTheWaitEndsIsRetried() {
        try (ReplacerBed bed = new ReplacerBed(Cluster.getDefaultInstance())) {
            bed.embedded.holdOperations();
            Replacer replacer = bed.replacer(enforce("enableWorkloadIdentity: true"), MINIMAL_ROLES,
                    new Polling(Duration.ofMillis(1), Duration.ofMillis(50)));

            ReplacementInProgress goingOn = assertThrows(ReplacementInProgress.class, () -> replacer.replace(richDecision()));

            assertTrue(goingOn.getMessage().startsWith("Workload Identity is being enabled on " + CLUSTER.clusterName()
                    + " (operation "), goingOn.getMessage());
            assertEquals(List.of(), goingOn.reached());
            assertEquals(0, bed.embedded.calls(CREATE));
        }
    }

    @Test
    void autopilotClusterIsNeverReplacedSinceTheLiveVerdictIsATicket() {
        try (ReplacerBed bed = new ReplacerBed(Cluster.newBuilder().setAutopilot(Autopilot.newBuilder().setEnabled(true)).build())) {
            RemediationOutcome outcome = outcome(bed.replacer(enforce("")).replace(richDecision()).get(0));

            assertEquals(Kind.REQUEST_STALE, outcome.kind());
            assertEquals("Nothing was changed: the request to replace " + ORIGINAL.name() + " no longer holds; live,"
                    + " the pool is violation (Autopilot manages its nodes; cannot replace, ticket instead), and its"
                    + " action is ticket.", outcome.detail());
            assertEquals(0, bed.embedded.calls(CREATE));
        }
    }

    @Test
    void projectWithoutANodeServiceAccountInThePolicyIsATicket() {
        try (ReplacerBed bed = new ReplacerBed()) {
            String accountForAnotherProject = enforce("").replace("acme-prod: gke-nodes@acme-prod",
                    "acme-dev: gke-nodes@acme-dev");
            RemediationOutcome outcome = outcome(bed.replacer(accountForAnotherProject).replace(richDecision()).get(0));

            assertEquals(Kind.PRECONDITION_FAILED, outcome.kind());
            assertEquals("Not replaced: the policy names no node service account for project acme-prod.", outcome.detail());
            assertEquals("Add nodeServiceAccounts: {acme-prod: NAME@acme-prod.iam.gserviceaccount.com} to the policy"
                    + " (an account holding only roles/monitoring.metricWriter, roles/monitoring.viewer,"
                    + " roles/logging.logWriter), then replay the event.", outcome.fix());
            assertEquals(0, bed.embedded.calls(CREATE));
        }
    }

    @Test
    void nodeServiceAccountLackingARequiredRoleIsATicketWithTheGrant() {
        try (ReplacerBed bed = new ReplacerBed()) {
            Replacer replacer = bed.replacer(enforce(""), (project, account) ->
                    TestRoles.held(project, Set.of("roles/logging.logWriter", "roles/monitoring.viewer")), ReplacerBed.FAST);

            RemediationOutcome outcome = outcome(replacer.replace(richDecision()).get(0));

            assertEquals(Kind.PRECONDITION_FAILED, outcome.kind());
            assertEquals("Not replaced: node service account " + ACCOUNT + " lacks roles/monitoring.metricWriter in"
                    + " project acme-prod, which nodes need to write logs and metrics.", outcome.detail());
            assertEquals("grant them, then replay the event: gcloud projects add-iam-policy-binding acme-prod"
                    + " --member=serviceAccount:" + ACCOUNT + " --role=roles/monitoring.metricWriter", outcome.fix());
            assertEquals(0, bed.embedded.calls(CREATE));
        }
    }

    @Test
    void nodeServiceAccountHoldingMoreThanTheAllowedRolesIsATicket() {
        try (ReplacerBed bed = new ReplacerBed()) {
            Replacer replacer = bed.replacer(enforce(""), (project, account) -> TestRoles.held(project, Set.of(
                    "roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/editor")),
                    ReplacerBed.FAST);

            RemediationOutcome outcome = outcome(replacer.replace(richDecision()).get(0));

            assertEquals("Not replaced: node service account " + ACCOUNT + " also holds roles/editor in project"
                    + " acme-prod, beyond the policy's allowedNodeRoles: the replacement would fail MG003.", outcome.detail());
            assertEquals(0, bed.embedded.calls(CREATE));
        }
    }

    /** MG003's own rule decides ({@code OverPrivilegedServiceAccount.judge}): a role through a group counts. */
    @Test
    void aRoleBeyondTheAllowedSetThroughAGroupIsATicketNamingTheGroup() {
        try (ReplacerBed bed = new ReplacerBed()) {
            Replacer replacer = bed.replacer(enforce(""), (project, account) -> Optional.of(Grants.of(List.of(
                    new Grant(NodeRoles.GKE_NODE_ROLE, "projects/" + project, false),
                    new Grant("roles/editor", "folders/2024", false, Optional.of("group:platform@acme.example"))))),
                    ReplacerBed.FAST);

            RemediationOutcome outcome = outcome(replacer.replace(richDecision()).get(0));

            assertEquals("Not replaced: node service account " + ACCOUNT + " also holds roles/editor (on folders/2024,"
                    + " through group:platform@acme.example) in project acme-prod, beyond the policy's allowedNodeRoles:"
                    + " the replacement would fail MG003.", outcome.detail());
            assertEquals(0, bed.embedded.calls(CREATE));
        }
    }

    /** Where MG003 itself would be unknown (a group whose members cannot be read), the replacement goes ahead and says so. */
    @Test
    void aGroupTheRolesCannotBeExpandedThroughLetsTheReplacementGoAheadUnverified() {
        try (ReplacerBed bed = new ReplacerBed()) {
            Replacer replacer = bed.replacer(enforce(""), (project, account) -> Optional.of(new Grants(
                    List.of(new Grant(NodeRoles.GKE_NODE_ROLE, "projects/" + project, false)), List.of(),
                    List.of(new Grant("roles/editor", "projects/" + project, false,
                            Optional.of("group:developers@acme.example"))))), ReplacerBed.FAST);

            RemediationOutcome outcome = outcome(replacer.replace(richDecision()).get(0));

            assertEquals(Kind.REPLACEMENT_CREATED, outcome.kind());
            assertTrue(outcome.detail().contains("Going ahead although MG003 cannot be told for " + ACCOUNT + " (roles"
                    + " beyond the allowed set are bound to groups whose members cannot be read here, so the account may"
                    + " hold them: roles/editor (through group:developers@acme.example)"), outcome.detail());
        }
    }

    @Test
    void gkesOwnNodeRoleCountsForTheThreeRequiredRoles() {
        try (ReplacerBed bed = new ReplacerBed()) {
            Replacer replacer = bed.replacer(enforce(""), (project, account) ->
                    TestRoles.held(project, Set.of(NodeRoles.GKE_NODE_ROLE)), ReplacerBed.FAST);

            assertEquals(List.of(Kind.REPLACEMENT_CREATED), kinds(replacer.replace(richDecision())));
        }
    }

    @Test
    void unknownRolesDoNotStopTheReplacementAndTheTicketSaysSo() {
        try (ReplacerBed bed = new ReplacerBed()) {
            Replacer replacer = bed.replacer(enforce(""), new UnknownRoles(), ReplacerBed.FAST);

            RemediationOutcome outcome = outcome(replacer.replace(richDecision()).get(0));

            assertEquals(Kind.REPLACEMENT_CREATED, outcome.kind());
            assertEquals("Node pool batch-mg-f80b52d4 replaces batch in cluster payments: the same shape, with the GKE"
                    + " metadata server, service account " + ACCOUNT + ", scope cloud-platform and the legacy metadata"
                    + " endpoints disabled. Going ahead although the roles of " + ACCOUNT + " in project acme-prod are"
                    + " unknown (no IAM policy to read). It starts at 3 nodes per zone in 2 zones, the original's current size, with the original's autoscaling limits. The original is kept"
                    + " (replacement.retireOriginal: keep).",
                    outcome.detail());
        }
    }

    @Test
    void rolesTheGuardMayNotReadAreAGuardProblemAndTheReplacementGoesAhead() {
        try (ReplacerBed bed = new ReplacerBed()) {
            Replacer replacer = bed.replacer(enforce(""), (project, account) -> {
                throw new ApiFailure(FailureKind.PERMISSION_DENIED, "cloudresourcemanager.projects.getIamPolicy", "denied");
            }, ReplacerBed.FAST);

            List<TicketRequest> requests = replacer.replace(richDecision());

            assertEquals(Kind.REPLACEMENT_CREATED, outcome(requests.get(0)).kind());
            assertEquals(new TicketRequest.GuardProblem("projects/acme-prod", "cloudresourcemanager.projects.getIamPolicy",
                    "resourcemanager.projects.getIamPolicy", "cloudresourcemanager.projects.getIamPolicy: denied"),
                    requests.get(1));
        }
    }

    @Test
    void permanentRefusalOfTheCreateIsATicket() {
        try (ReplacerBed bed = new ReplacerBed()) {
            bed.embedded.failNext(CREATE, Status.Code.INVALID_ARGUMENT, 1);

            RemediationOutcome outcome = outcome(bed.replacer(enforce("")).replace(richDecision()).get(0));

            assertEquals(Kind.PRECONDITION_FAILED, outcome.kind());
            assertEquals("Not replaced: GKE refused a request (container.projects.locations.clusters.nodePools.create:"
                    + " INVALID_ARGUMENT on " + ReplacerBed.REPLACEMENT.name() + ": injected fault on CreateNodePool).",
                    outcome.detail());
            assertEquals("Remove the cause GKE names, then replay the event.", outcome.fix());
            assertEquals(List.of("default-pool", "batch"), bed.poolNames());
        }
    }

    @Test
    void deniedCreateIsATicketAndAGuardProblem() {
        try (ReplacerBed bed = new ReplacerBed()) {
            bed.embedded.failNext(CREATE, Status.Code.PERMISSION_DENIED, 1);

            List<TicketRequest> requests = bed.replacer(enforce("")).replace(richDecision());

            assertEquals(Kind.PRECONDITION_FAILED, outcome(requests.get(0)).kind());
            TicketRequest.GuardProblem problem = (TicketRequest.GuardProblem) requests.get(1);
            assertEquals(ORIGINAL.name(), problem.resource());
            assertEquals("container.projects.locations.clusters.nodePools.create", problem.call());
            assertEquals("container.clusters.update", problem.permission());
            assertEquals(2, requests.size());
        }
    }

    @Test
    void quotaAnsweredWith403IsACapacityTicketNotAGuardProblem() {
        try (ReplacerBed bed = new ReplacerBed()) {
            // GKE's answer to a CreateNodePool beyond the project's CPU quota (GKE guide "Regional clusters").
            bed.embedded.failNext(CREATE, Status.Code.PERMISSION_DENIED, "Insufficient regional quota to satisfy"
                    + " request: resource \"CPUS\": request requires '12.0' and is short '4.0'.", 1);

            List<TicketRequest> requests = bed.replacer(enforce("")).replace(richDecision());

            assertEquals(1, requests.size(), "no ticket about the guard's permissions: " + requests);
            RemediationOutcome outcome = outcome(requests.get(0));
            assertEquals(Kind.PRECONDITION_FAILED, outcome.kind());
            assertTrue(outcome.detail().startsWith("Not replaced: Google Cloud has no room for the replacement in"
                    + " europe-west1-b (container.projects.locations.clusters.nodePools.create: PERMISSION_DENIED on "
                    + ReplacerBed.REPLACEMENT.name() + ": Insufficient regional quota"), outcome.detail());
            assertTrue(outcome.fix().startsWith("Raise the quota GKE names"), outcome.fix());
            assertEquals(List.of("default-pool", "batch"), bed.poolNames());
        }
    }

    @Test
    void stockoutIsACapacityTicket() {
        try (ReplacerBed bed = new ReplacerBed()) {
            bed.embedded.failNext(CREATE, Status.Code.RESOURCE_EXHAUSTED, "ZONE_RESOURCE_POOL_EXHAUSTED: The zone"
                    + " 'projects/acme-prod/zones/europe-west1-b' does not have enough resources available to fulfill"
                    + " the request.", 1);

            List<TicketRequest> requests = bed.replacer(enforce("")).replace(richDecision());

            assertEquals(List.of(Kind.PRECONDITION_FAILED), kinds(requests));
            assertTrue(outcome(requests.get(0)).detail().contains("Google Cloud has no room"), requests.toString());
        }
    }

    @Test
    void autoProvisionedPoolIsNeverReplacedByAnOrdinaryPool() {
        NodePool autoprovisioned = Pools.rich(ORIGINAL.nodePool()).toBuilder()
                .setAutoscaling(NodePoolAutoscaling.newBuilder().setEnabled(true).setAutoprovisioned(true)
                        .setMinNodeCount(0).setMaxNodeCount(10))
                .build();
        try (ReplacerBed bed = new ReplacerBed(ReplacerBed.WORKLOAD_IDENTITY, autoprovisioned)) {
            List<TicketRequest> requests = bed.replacer(enforce("retireOriginal: delete")).replace(richDecision());

            assertEquals(List.of(Kind.REQUEST_STALE), kinds(requests));
            assertTrue(outcome(requests.get(0)).detail().contains("created by node auto-provisioning, which an ordinary"
                    + " pool must not replace"), outcome(requests.get(0)).detail());
            assertEquals(0, bed.embedded.calls(CREATE));
            assertEquals(List.of("default-pool", "batch"), bed.poolNames());
        }
    }

    @Test
    void originalGoneIsResourceDeletedAndNothingIsCreated() {
        try (ReplacerBed bed = new ReplacerBed()) {
            RemediationOutcome outcome = outcome(bed.replacer(enforce(""))
                    .replace(ReplacerBed.decisionOn(CLUSTER.withNodePool("gone").name(), "MG001")).get(0));

            assertEquals(Kind.RESOURCE_DELETED, outcome.kind());
            assertEquals(0, bed.embedded.calls(CREATE));
        }
    }

    @Test
    void clusterBusyWithAnotherOperationIsRetriedAndALaterDeliveryReplaces() {
        try (ReplacerBed bed = new ReplacerBed()) {
            bed.embedded.holdOperations();
            bed.gke.setNodePoolSize(CLUSTER.withNodePool("default-pool"), 5);
            Replacer replacer = bed.replacer(enforce(""));

            ReplacementWaiting busy = assertThrows(ReplacementWaiting.class, () -> replacer.replace(richDecision()));
            assertEquals(FailureKind.BUSY, busy.kind());
            assertEquals(List.of("default-pool", "batch"), bed.poolNames());
            RemediationOutcome waiting = busy.waiting().outcome();
            assertEquals(Kind.REPLACEMENT_WAITING, waiting.kind());
            assertEquals(ReplacerBed.REPLACEMENT.name(), waiting.replacement());
            assertTrue(waiting.detail().startsWith("Not replaced yet: " + busy.getMessage()), waiting.detail());
            assertTrue(!waiting.detail().contains(".."), waiting.detail());

            bed.embedded.completeAllOperations();
            bed.embedded.operationsFinishAfterReads(2);
            assertEquals(List.of(Kind.REPLACEMENT_CREATED), kinds(replacer.replace(richDecision())));
            assertEquals(List.of("default-pool", "batch", "batch-mg-f80b52d4"), bed.poolNames());
        }
    }

    @Test
    void clusterStillNotRunningWhenTheDeliverysTimeIsUpIsRetried() {
        try (ReplacerBed bed = new ReplacerBed(Cluster.getDefaultInstance())) {
            bed.embedded.holdOperations();
            bed.gke.enableWorkloadIdentity(CLUSTER, "acme-prod.svc.id.goog");

            ReplacementWaiting failure = assertThrows(ReplacementWaiting.class, () -> bed.replacer(enforce(""),
                    MINIMAL_ROLES, new Polling(Duration.ofMillis(1), Duration.ofMillis(50))).replace(richDecision()));

            assertEquals(FailureKind.BUSY, failure.kind());
            assertEquals("container.projects.locations.clusters.get: cluster " + CLUSTER.name()
                    + " is RECONCILING, not RUNNING; retry later", failure.getMessage());
            assertEquals("Not replaced yet: container.projects.locations.clusters.get: cluster " + CLUSTER.name()
                    + " is RECONCILING, not RUNNING; retry later.", failure.waiting().outcome().detail(),
                    "the ticket says what the replacement waits for");
        }
    }

    @Test
    void degradedClusterIsATicketSayingWhatGkeReportsNotARetry() throws Exception {
        try (ReplacerBed bed = new ReplacerBed()) {
            Cluster degraded = bed.gke.getCluster(CLUSTER).toBuilder().setStatus(Cluster.Status.DEGRADED)
                    .addConditions(StatusCondition.newBuilder().setCode(StatusCondition.Code.GCE_QUOTA_EXCEEDED)
                            .setMessage("insufficient regional quota to satisfy request"))
                    .build();
            bed.embedded.seedLive(CLUSTER.name(), TestEvents.JSON.readTree(JsonFormat.printer().print(degraded)), true);

            RemediationOutcome outcome = outcome(bed.replacer(enforce("")).replace(richDecision()).get(0));

            assertEquals(Kind.PRECONDITION_FAILED, outcome.kind());
            assertEquals("Not replaced: cluster payments is DEGRADED (insufficient regional quota to satisfy request),"
                    + " and GKE says a person must act first.", outcome.detail());
            assertEquals("Restore the cluster (its status conditions say how: gcloud container clusters describe"
                    + " payments --location=europe-west1-b --project=acme-prod --format=\"yaml(status,conditions)\"), then"
                    + " replay the event.", outcome.fix());
            assertEquals(0, bed.embedded.calls(CREATE));
        }
    }

    @Test
    void unavailableGkeIsRetried() {
        try (ReplacerBed bed = new ReplacerBed()) {
            bed.embedded.failNext("GetNodePool", Status.Code.UNAVAILABLE, 1);

            ApiFailure failure = assertThrows(ApiFailure.class, () -> bed.replacer(enforce("")).replace(richDecision()));

            assertEquals(FailureKind.TRANSIENT, failure.kind());
        }
    }
}
