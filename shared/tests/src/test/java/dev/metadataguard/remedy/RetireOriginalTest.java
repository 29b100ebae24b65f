package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.MINIMAL_ROLES;
import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.REPLACEMENT;
import static dev.metadataguard.remedy.ReplacerBed.enforce;
import static dev.metadataguard.remedy.ReplacerBed.kinds;
import static dev.metadataguard.remedy.ReplacerBed.outcome;
import static dev.metadataguard.remedy.ReplacerBed.richDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodePool;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.TicketRequest;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The original is retired only when the policy opts in, and only once its replacement runs at the original's size. */
class RetireOriginalTest {

    private static final Polling BRIEF = new Polling(Duration.ofMillis(1), Duration.ofMillis(100));
    private final ReplacerBed bed = new ReplacerBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void scaleToZeroWaitsForTheReplacementToRunThenEmptiesTheOriginal() {
        bed.embedded.operationsFinishAfterReads(3);

        List<TicketRequest> requests = bed.replacer(enforce("retireOriginal: scale-to-zero")).replace(richDecision());

        assertEquals(List.of(Kind.REPLACEMENT_CREATED, Kind.ORIGINAL_RETIRED), kinds(requests));
        assertEquals(NodePool.Status.RUNNING, bed.gke.getNodePool(REPLACEMENT).getStatus());
        RemediationOutcome retired = outcome(requests.get(1));
        assertEquals(REPLACEMENT.name(), retired.replacement());
        assertEquals("Scaled the original node pool batch to zero nodes once its replacement batch-mg-f80b52d4 had"
                + " reached its size. Pods that select batch by its cloud.google.com/gke-nodepool label, or tolerate"
                + " only its taints, do not move by themselves: point them at batch-mg-f80b52d4.", retired.detail());
        assertEquals("Its autoscaler is still on and may add nodes again: gcloud container clusters update payments"
                + " --node-pool=batch --no-enable-autoscaling --location=europe-west1-b --project=acme-prod; delete it"
                + " once it is no longer needed: gcloud container node-pools delete batch --cluster=payments"
                + " --location=europe-west1-b --project=acme-prod. GKE drains the nodes it removes, honouring"
                + " PodDisruptionBudgets; nodes of batch still there (an autoscaler adding some back, a deletion under"
                + " way) are emptied with: gcloud container clusters get-credentials payments --location=europe-west1-b"
                + " --project=acme-prod; kubectl cordon --selector=cloud.google.com/gke-nodepool=batch; kubectl drain"
                + " --selector=cloud.google.com/gke-nodepool=batch --ignore-daemonsets --delete-emptydir-data",
                retired.fix());
        bed.embedded.completeAllOperations();
        assertEquals(OptionalInt.of(0), bed.embedded.nodeCount(ORIGINAL.name()));
    }

    @Test
    void deleteWaitsForTheReplacementToRunThenDeletesTheOriginal() {
        List<TicketRequest> requests = bed.replacer(enforce("retireOriginal: delete")).replace(richDecision());
        bed.embedded.completeAllOperations();

        assertEquals(List.of(Kind.REPLACEMENT_CREATED, Kind.ORIGINAL_RETIRED, Kind.RESOURCE_DELETED), kinds(requests),
                "the deletion finished within the wait, so the ticket can be resolved");
        assertTrue(outcome(requests.get(1)).detail().startsWith("Deleted the original node pool batch once its"
                + " replacement batch-mg-f80b52d4 had reached its size. Pods that select batch"), outcome(requests.get(1)).detail());
        assertEquals(List.of("default-pool", "batch-mg-f80b52d4"), bed.poolNames());
    }

    @Test
    void replacementNotReadyWhenTheWaitEndsIsRetriedAndKeepsTheOriginal() {
        bed.embedded.holdOperations();

        ReplacementInProgress notYet = assertThrows(ReplacementInProgress.class, () -> bed.replacer(
                enforce("retireOriginal: delete"), MINIMAL_ROLES, BRIEF).replace(richDecision()));

        assertTrue(notYet.getMessage().startsWith("replacement " + REPLACEMENT.name() + " is not ready yet: its operation"),
                notYet.getMessage());
        assertEquals(List.of(), notYet.reached(), "not created yet: Pub/Sub redelivers, and the redelivery adopts it");
        assertEquals(0, bed.embedded.calls("DeleteNodePool"));
        assertEquals(0, bed.embedded.calls("SetNodePoolSize"));
    }

    @Test
    void laterRequestRetiresTheOriginalOnceTheReplacementRuns() {
        bed.embedded.holdOperations();
        Replacer replacer = bed.replacer(enforce("retireOriginal: delete"), MINIMAL_ROLES, BRIEF);
        assertThrows(ReplacementInProgress.class, () -> replacer.replace(richDecision()));
        bed.embedded.completeAllOperations();

        ReplacementInProgress deleting = assertThrows(ReplacementInProgress.class, () -> replacer.replace(richDecision()));

        assertEquals(List.of(Kind.REPLACEMENT_CREATED, Kind.ORIGINAL_RETIRED), kinds(deleting.reached()),
                "reported before the deletion's wait ends, and the redelivery waits for the deletion alone");
        assertTrue(deleting.getMessage().startsWith("node pool " + ORIGINAL.name() + " is being deleted (operation "),
                deleting.getMessage());
        assertEquals(1, bed.embedded.calls("CreateNodePool"));
        assertEquals(1, bed.embedded.calls("DeleteNodePool"));
    }
}
