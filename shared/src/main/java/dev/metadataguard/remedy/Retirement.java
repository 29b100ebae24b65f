package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.Replacement.Retire;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.Gcloud;
import dev.metadataguard.gke.Gke;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Retires the original pool when the policy opts in ({@code replacement.retireOriginal}), and only once
 * its replacement is RUNNING, so the workloads always have somewhere to go. GKE drains the nodes it
 * removes, honouring PodDisruptionBudgets.
 */
final class Retirement {

    sealed interface Result {
    }

    /** The original stays: {@code why} completes the replacement's outcome, {@code fix} is what a person does. */
    record Kept(String why, String fix) implements Result {
    }

    /** @param gone {@code RESOURCE_DELETED} once a deletion finished within the wait, which resolves the ticket */
    record Retired(RemediationOutcome outcome, Optional<RemediationOutcome> gone) implements Result {
    }

    private final Gke gke;
    private final GkeWaits waits;
    private final Retire how;

    Retirement(Gke gke, GkeWaits waits, Retire how) {
        this.gke = gke;
        this.waits = waits;
        this.how = how;
    }

    /**
     * @param creation the replacement's CreateNodePool operation; empty when an earlier delivery created it
     * @throws ApiFailure when a retry can help (cluster busy, GKE unavailable): the redelivery retires
     */
    Result retire(ResourceRef original, NodePool originalPool, ResourceRef replacement, Optional<Operation> creation) {
        String keepAndMove = "Move the workloads to the replacement, then delete the original: "
                + Gcloud.inSequence(Stream.concat(Gcloud.moveWorkloads(original).stream(),
                Stream.of(Gcloud.deletePool(original))).toList());
        if (how == Retire.KEEP) {
            return new Kept("The original is kept (replacement.retireOriginal: keep).", keepAndMove);
        }
        if (!waits.poolRunning(replacement, creation)) {
            return new Kept("The original is kept for now: the replacement was not RUNNING within " + waits.timeout()
                    + "; the next request about " + original.nodePool() + " retires it.", "");
        }
        try {
            return how == Retire.SCALE_TO_ZERO ? scaleToZero(original, originalPool, replacement) : delete(original, replacement);
        } catch (ApiFailure failure) {
            if (failure.kind().retryable()) {
                throw failure;
            }
            return new Kept("Retiring the original failed (" + failure.getMessage() + "); it is kept.", keepAndMove);
        }
    }

    private Result scaleToZero(ResourceRef original, NodePool originalPool, ResourceRef replacement) {
        Operation op = gke.setNodePoolSize(original, 0);
        // SetNodePoolSize leaves the autoscaler on: it may add nodes back for Pods that still fit there.
        String fix = originalPool.getAutoscaling().getEnabled()
                ? "Its autoscaler is still on and may add nodes again: " + Gcloud.disableAutoscaling(original)
                        + "; delete it once it is no longer needed: " + Gcloud.deletePool(original)
                : "Delete it once it is no longer needed: " + Gcloud.deletePool(original);
        return new Retired(retired(replacement, op, "Scaled the original node pool " + original.nodePool()
                + " to zero nodes once its replacement " + replacement.nodePool() + " was RUNNING.", fix), Optional.empty());
    }

    private Result delete(ResourceRef original, ResourceRef replacement) {
        Operation op = gke.deleteNodePool(original);
        RemediationOutcome retired = retired(replacement, op, "Deleted the original node pool " + original.nodePool()
                + " once its replacement " + replacement.nodePool() + " was RUNNING.", "");
        // The ticket is resolved only once the original is gone; a deletion still running leaves it open.
        Optional<RemediationOutcome> gone = waits.operationDone(original, op)
                ? Optional.of(new RemediationOutcome(RemediationOutcome.Kind.RESOURCE_DELETED, "", op.getName(),
                        "Node pool " + original.nodePool() + " no longer exists: GKE finished deleting it.", ""))
                : Optional.empty();
        return new Retired(retired, gone);
    }

    private static RemediationOutcome retired(ResourceRef replacement, Operation op, String detail, String fix) {
        return new RemediationOutcome(RemediationOutcome.Kind.ORIGINAL_RETIRED, replacement.name(), op.getName(),
                detail, fix);
    }
}
