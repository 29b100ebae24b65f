package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.config.Replacement.Retire;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.Gcloud;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.InstanceGroups;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Retires the original pool when the policy opts in ({@code replacement.retireOriginal}), and only once
 * its replacement runs with the original's current size (the caller waits for that), so the workloads
 * always have somewhere to go. GKE drains the nodes it removes, honouring PodDisruptionBudgets; Pods
 * pinned to the original (by its {@code cloud.google.com/gke-nodepool} label or only tolerating its
 * taints) have nowhere to go, which the ticket says.
 */
final class Retirement {

    sealed interface Result {
    }

    /** The original stays: {@code why} completes the replacement's outcome, {@code fix} is what a person does. */
    record Kept(String why, String fix) implements Result {
    }

    /**
     * @param gone     {@code RESOURCE_DELETED} once a deletion finished by the delivery's deadline, which resolves the
     *                 ticket
     * @param underWay a deletion GKE had not finished by then: what the redelivery waits for
     */
    record Retired(RemediationOutcome outcome, Optional<RemediationOutcome> gone, Optional<String> underWay)
            implements Result {
    }

    /** The last look before the write: why the original must stay after all, or empty to retire it. */
    @FunctionalInterface
    interface LastLook {
        Optional<String> whyKeep();
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
     * @param size     the replacement's size, reached: the original's current size when it could be read
     * @param lastLook taken immediately before SetNodePoolSize or DeleteNodePool: the original is retired only
     *                 when it finds nothing against it
     * @param deadline when this delivery's wait for a deletion ends
     * @throws ApiFailure when a retry can help (cluster busy, GKE unavailable): the redelivery retires
     */
    Result retire(ResourceRef original, NodePool originalPool, ResourceRef replacement, Sizing size, LastLook lastLook,
                  Deadline deadline) {
        String keepAndMove = "Move the workloads to the replacement, then delete the original: "
                + Gcloud.inSequence(Stream.concat(Gcloud.moveWorkloads(original).stream(),
                Stream.of(Gcloud.deletePool(original))).toList()) + ". " + pinned(original, replacement);
        if (how == Retire.KEEP) {
            return new Kept("The original is kept (replacement.retireOriginal: keep).", keepAndMove);
        }
        if (size.unread().isPresent()) {
            // Without the original's current size nobody knows whether the replacement can carry its
            // workloads: retiring it could leave them without nodes, so a person decides.
            return new Kept("The original is kept: without its current size the guard cannot tell whether the"
                    + " replacement is big enough to retire it.",
                    "Grant the node-pool-replacer's service account " + InstanceGroups.PERMISSION
                            + " (its custom role), or resize the replacement to the original's size yourself; "
                            + keepAndMove);
        }
        try {
            Optional<String> keep = lastLook.whyKeep();
            if (keep.isPresent()) {
                return new Kept("The original is kept: looked at again just before " + (how == Retire.SCALE_TO_ZERO
                        ? "scaling it to zero" : "deleting it") + ", " + keep.get() + ".", keepAndMove);
            }
            return how == Retire.SCALE_TO_ZERO ? scaleToZero(original, originalPool, replacement)
                    : delete(original, replacement, deadline);
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
                + " to zero nodes once its replacement " + replacement.nodePool() + " had reached its size. "
                + pinned(original, replacement), fix + ". " + cordonAndDrain(original)), Optional.empty(), Optional.empty());
    }

    private Result delete(ResourceRef original, ResourceRef replacement, Deadline deadline) {
        Operation op = gke.deleteNodePool(original);
        RemediationOutcome retired = retired(replacement, op, "Deleted the original node pool " + original.nodePool()
                + " once its replacement " + replacement.nodePool() + " had reached its size. "
                + pinned(original, replacement), cordonAndDrain(original));
        // The ticket is resolved only once the original is gone; a deletion still running leaves it to the redelivery.
        if (!waits.operationDone(original, op, deadline)) {
            return new Retired(retired, Optional.empty(), Optional.of("node pool " + original.name()
                    + " is being deleted (operation " + op.getName() + ")"));
        }
        return new Retired(retired, Optional.of(new RemediationOutcome(RemediationOutcome.Kind.RESOURCE_DELETED, "",
                op.getName(), "Node pool " + original.nodePool() + " no longer exists: GKE finished deleting it.", "")),
                Optional.empty());
    }

    /** What draining does not do for Pods pinned to the original. */
    private static String pinned(ResourceRef original, ResourceRef replacement) {
        return "Pods that select " + original.nodePool() + " by its cloud.google.com/gke-nodepool label, or tolerate"
                + " only its taints, do not move by themselves: point them at " + replacement.nodePool() + ".";
    }

    /** GKE drains the nodes it removes; what a person runs for nodes still there. */
    private static String cordonAndDrain(ResourceRef original) {
        return "GKE drains the nodes it removes, honouring PodDisruptionBudgets; nodes of " + original.nodePool()
                + " still there (an autoscaler adding some back, a deletion under way) are emptied with: "
                + Gcloud.inSequence(Gcloud.moveWorkloads(original));
    }

    private static RemediationOutcome retired(ResourceRef replacement, Operation op, String detail, String fix) {
        return new RemediationOutcome(RemediationOutcome.Kind.ORIGINAL_RETIRED, replacement.name(), op.getName(),
                detail, fix);
    }
}
