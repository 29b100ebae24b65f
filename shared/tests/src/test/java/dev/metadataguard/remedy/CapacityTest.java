package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static dev.metadataguard.remedy.ReplacerBed.MINIMAL_ROLES;
import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.REPLACEMENT;
import static dev.metadataguard.remedy.ReplacerBed.WORKLOAD_IDENTITY;
import static dev.metadataguard.remedy.ReplacerBed.enforce;
import static dev.metadataguard.remedy.ReplacerBed.kinds;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static dev.metadataguard.remedy.ReplacerBed.richDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.Operation;
import com.google.container.v1.StatusCondition;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.testing.TestEvents;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The replacement keeps the capacity the workloads have: it starts at the original's current size, read
 * from its managed instance groups through the real Compute client; it counts as created only once GKE
 * finished creating it without error at that size; and the original is retired only after that.
 */
class CapacityTest {

    private static final Polling BRIEF = new Polling(Duration.ofMillis(1), Duration.ofMillis(100));
    /** A zonal pool of 3 nodes without autoscaling. */
    private static final NodePool FIXED = Pools.rich(ORIGINAL.nodePool()).toBuilder()
            .clearAutoscaling().clearLocations().addLocations("europe-west1-b").setInitialNodeCount(3).build();
    private static final String STOCKOUT = "Try a different location, or try again later. ZONE_RESOURCE_POOL_EXHAUSTED:"
            + " The zone 'projects/acme-prod/zones/europe-west1-b' does not have enough resources available";

    /** A person resized {@code pool} to {@code nodes} per zone (SetNodePoolSize, as gcloud's resize sends it). */
    private static void resize(ReplacerBed bed, NodePool pool, int nodes) {
        bed.gke.setNodePoolSize(CLUSTER.withNodePool(pool.getName()), nodes);
        bed.embedded.completeAllOperations();
    }

    @Test
    void resizedPoolGetsAReplacementOfItsCurrentSizeAndIsRetiredOnlyOnceTheReplacementHasIt() {
        try (ReplacerBed bed = new ReplacerBed(WORKLOAD_IDENTITY, FIXED)) {
            resize(bed, FIXED, 7);
            assertEquals(3, bed.gke.getNodePool(ORIGINAL).getInitialNodeCount(), "GKE never updates initial_node_count");
            bed.embedded.holdOperations();
            Replacer replacer = bed.replacer(enforce("retireOriginal: scale-to-zero"), MINIMAL_ROLES, BRIEF);

            ReplacementInProgress notYet = assertThrows(ReplacementInProgress.class, () -> replacer.replace(richDecision()));

            assertEquals(List.of(), notYet.reached(), "nothing to report before the replacement is ready");
            assertEquals(7, bed.gke.getNodePool(REPLACEMENT).getInitialNodeCount());
            assertEquals(1, bed.embedded.calls("SetNodePoolSize"), "only the person's resize: nothing retired yet");

            bed.embedded.completeAllOperations();
            assertEquals(OptionalInt.of(7), bed.embedded.nodeCount(REPLACEMENT.name()));
            List<TicketRequest> requests = replacer.replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_CREATED, Kind.ORIGINAL_RETIRED), kinds(requests));
            assertTrue(outcome(requests.get(0)).detail().contains("It already existed"), outcome(requests.get(0)).detail());
            bed.embedded.completeAllOperations();
            assertEquals(OptionalInt.of(0), bed.embedded.nodeCount(ORIGINAL.name()));
            assertEquals(OptionalInt.of(7), bed.embedded.nodeCount(REPLACEMENT.name()));
        }
    }

    @Test
    void replacementSmallerThanTheOriginalNowKeepsTheOriginalAndTheTicketSaysHowToResizeIt() {
        try (ReplacerBed bed = new ReplacerBed(WORKLOAD_IDENTITY, FIXED)) {
            resize(bed, FIXED, 7);
            Replacer replacer = bed.replacer(enforce("retireOriginal: delete"), MINIMAL_ROLES, BRIEF);
            bed.embedded.holdOperations();
            assertThrows(ReplacementInProgress.class, () -> replacer.replace(richDecision()));
            bed.embedded.completeAllOperations();
            bed.embedded.operationsFinishAfterReads(2);
            resize(bed, bed.gke.getNodePool(REPLACEMENT), 2);

            List<TicketRequest> requests = replacer.replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_FAILED), kinds(requests), "a pool below the original's size is not adopted");
            RemediationOutcome kept = outcome(requests.get(0));
            assertTrue(kept.detail().contains("(nodes per zone: 2, fewer than the original's 7)"), kept.detail());
            assertTrue(kept.detail().contains("the original is kept"), kept.detail());
            assertTrue(kept.fix().endsWith("gcloud container clusters resize payments --node-pool=batch-mg-f80b52d4"
                    + " --num-nodes=7 --location=europe-west1-b --project=acme-prod"), kept.fix());
            assertEquals(0, bed.embedded.calls("DeleteNodePool"));
        }
    }

    @Test
    void freshReplacementIsCreatedAtTheOriginalsSizeAndTheTicketSaysIt() {
        try (ReplacerBed bed = new ReplacerBed(WORKLOAD_IDENTITY, FIXED)) {
            resize(bed, FIXED, 7);

            RemediationOutcome created = outcome(bed.replacer(enforce("")).replace(richDecision()).get(0));

            assertEquals(Kind.REPLACEMENT_CREATED, created.kind());
            assertTrue(created.detail().contains("It starts at 7 nodes per zone in 1 zone, the original's current size."),
                    created.detail());
            assertEquals(Operation.Status.DONE, bed.gke.getOperation("acme-prod", "europe-west1-b", created.operation())
                    .getStatus(), "created means GKE finished creating it");
        }
    }

    @Test
    void autoscaledPoolKeepsItsLimitsAndStartsAtItsCurrentSize() {
        NodePool autoscaled = Pools.rich(ORIGINAL.nodePool());
        try (ReplacerBed bed = new ReplacerBed(WORKLOAD_IDENTITY, autoscaled)) {
            resize(bed, autoscaled, 5);

            RemediationOutcome created = outcome(bed.replacer(enforce("")).replace(richDecision()).get(0));

            NodePool replacement = bed.gke.getNodePool(REPLACEMENT);
            assertEquals(Kind.REPLACEMENT_CREATED, created.kind());
            assertEquals(NodePoolAutoscaling.newBuilder().setEnabled(true).setMinNodeCount(1).setMaxNodeCount(10)
                    .setLocationPolicy(NodePoolAutoscaling.LocationPolicy.ANY).build(), replacement.getAutoscaling());
            assertEquals(5, replacement.getInitialNodeCount(), "the current size, not the minimum");
            assertEquals(2, replacement.getLocationsCount());
            assertTrue(created.detail().contains("It starts at 5 nodes per zone in 2 zones, the original's current size,"
                    + " with the original's autoscaling limits."), created.detail());
        }
    }

    @Test
    void failedCreateOperationIsReportedAsFailedWithGkesErrorAndNothingIsRetired() {
        try (ReplacerBed bed = new ReplacerBed(WORKLOAD_IDENTITY, FIXED)) {
            bed.embedded.failNextOperation(Operation.Type.CREATE_NODE_POOL, Status.Code.RESOURCE_EXHAUSTED, STOCKOUT);

            List<TicketRequest> requests = bed.replacer(enforce("retireOriginal: delete")).replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_FAILED), kinds(requests));
            RemediationOutcome failed = outcome(requests.get(0));
            assertEquals(REPLACEMENT.name(), failed.replacement());
            assertTrue(failed.detail().startsWith("GKE could not create the replacement batch-mg-f80b52d4 of batch: "
                    + STOCKOUT + " (code 8). The original is untouched."), failed.detail());
            assertTrue(failed.fix().endsWith("gcloud container node-pools delete batch-mg-f80b52d4 --cluster=payments"
                    + " --location=europe-west1-b --project=acme-prod"), failed.fix());
            assertEquals(0, bed.embedded.calls("DeleteNodePool"));
            assertEquals(List.of("default-pool", "batch", "batch-mg-f80b52d4"), bed.poolNames());
        }
    }

    @Test
    void replacementFoundInErrorOnRedeliveryIsReportedAsFailedNotCreated() {
        try (ReplacerBed bed = new ReplacerBed(WORKLOAD_IDENTITY, FIXED)) {
            bed.embedded.failNextOperation(Operation.Type.CREATE_NODE_POOL, Status.Code.RESOURCE_EXHAUSTED, STOCKOUT);
            Replacer replacer = bed.replacer(enforce("retireOriginal: delete"));
            replacer.replace(richDecision());

            List<TicketRequest> again = replacer.replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_FAILED), kinds(again));
            assertTrue(outcome(again.get(0)).detail().contains("node pool batch-mg-f80b52d4 is in ERROR: " + STOCKOUT),
                    outcome(again.get(0)).detail());
            assertEquals(1, bed.embedded.calls("CreateNodePool"));
            assertEquals(0, bed.embedded.calls("DeleteNodePool"));
        }
    }

    /**
     * v1 NodePool.Status RUNNING_WITH_ERROR: "the node pool has been created and is partially usable. Some error state
     * has occurred and some functionality may be impaired. Customer may need to reissue a request or trigger a new
     * update." A replacement found so is a failure to report, with the pool's status message and its conditions
     * ("Which conditions caused the current node pool state"), at once: with no time left to wait, it is still
     * reported, not left to a redelivery.
     */
    @Test
    void replacementRunningWithErrorIsReportedAsFailedAtOnceWithGkesMessageAndConditions() throws Exception {
        try (ReplacerBed bed = new ReplacerBed(WORKLOAD_IDENTITY, FIXED)) {
            bed.embedded.holdOperations();
            assertThrows(ReplacementInProgress.class, () -> bed.replacer(enforce("retireOriginal: delete"), MINIMAL_ROLES,
                    BRIEF).replace(richDecision()));
            bed.embedded.completeAllOperations();
            Cluster read = bed.gke.getCluster(CLUSTER);
            Cluster partly = read.toBuilder().clearNodePools().addAllNodePools(read.getNodePoolsList().stream()
                    .map(pool -> !pool.getName().equals(REPLACEMENT.nodePool()) ? pool : pool.toBuilder()
                            .setStatus(NodePool.Status.RUNNING_WITH_ERROR)
                            .setStatusMessage("1 of 3 nodes could not be created")
                            .addConditions(StatusCondition.newBuilder().setCanonicalCode(Code.RESOURCE_EXHAUSTED)
                                    .setMessage(STOCKOUT))
                            .build())
                    .toList()).build();
            bed.embedded.seedLive(CLUSTER.name(), TestEvents.JSON.readTree(JsonFormat.printer().print(partly)), true);
            Replacer noTimeLeft = bed.replacer(enforce("retireOriginal: delete"), MINIMAL_ROLES,
                    new Polling(Duration.ofMillis(1), Duration.ZERO));

            List<TicketRequest> requests = noTimeLeft.replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_FAILED), kinds(requests));
            RemediationOutcome failed = outcome(requests.get(0));
            assertTrue(failed.detail().startsWith("GKE could not create the replacement batch-mg-f80b52d4 of batch: node"
                    + " pool batch-mg-f80b52d4 is RUNNING_WITH_ERROR, only partly usable: 1 of 3 nodes could not be"
                    + " created; conditions: RESOURCE_EXHAUSTED: " + STOCKOUT + ". The original is untouched."),
                    failed.detail());
            assertEquals(0, bed.embedded.calls("DeleteNodePool"));
            assertEquals(0, bed.embedded.calls("SetNodePoolSize"));
        }
    }

    @Test
    void sizesThatCannotBeReadLeaveTheOriginalInPlaceAndTheTicketSaysWhy() {
        try (ReplacerBed bed = new ReplacerBed(WORKLOAD_IDENTITY, FIXED)) {
            resize(bed, FIXED, 7);
            bed.embedded.denyInstanceGroupReads(true);

            List<TicketRequest> requests = bed.replacer(enforce("retireOriginal: delete")).replace(richDecision());

            assertEquals(List.of(Kind.REPLACEMENT_CREATED), kinds(requests));
            RemediationOutcome created = outcome(requests.get(0));
            assertTrue(created.detail().contains("The original's current size could not be read"
                    + " (compute.instanceGroupManagers.get: PERMISSION_DENIED on"
                    + " projects/acme-prod/zones/europe-west1-b/instanceGroupManagers/"), created.detail());
            assertTrue(created.detail().contains("It starts at 3 nodes per zone in 1 zone."), created.detail());
            assertTrue(created.detail().endsWith("The original is kept: without its current size the guard cannot tell"
                    + " whether the replacement is big enough to retire it."),
                    created.detail());
            assertTrue(created.fix().startsWith("Grant the node-pool-replacer's service account"
                    + " compute.instanceGroupManagers.get (its custom role)"), created.fix());
            assertEquals(0, bed.embedded.calls("DeleteNodePool"));
        }
    }
}
