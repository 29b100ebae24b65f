package dev.metadataguard.remedy;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.StatusCondition;
import com.google.rpc.Code;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.InstanceGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Waits on GKE, polling GetOperation, GetNodePool and the pool's managed instance groups, each ending by the
 * delivery's {@link Deadline}.
 */
final class GkeWaits {

    /** Where a replacement stands at the end of a wait. */
    sealed interface Progress {
    }

    /** Created without error, RUNNING, and its groups hold the planned nodes (as far as they could be read). */
    record Ready() implements Progress {
    }

    /** GKE could not create it, or only in part: the operation's error, or the pool's status, message and conditions. */
    record Failed(String error) implements Progress {
    }

    /** Still on its way when the wait ended: what it was doing. */
    record Pending(String state) implements Progress {
    }

    /**
     * Created, RUNNING and settled, but with fewer nodes than planned (the original grew since, say):
     * no wait changes that, a resize does.
     */
    record Smaller(Sizing now) implements Progress {
    }

    private final Gke gke;
    private final InstanceGroups groups;
    private final Polling polling;

    GkeWaits(Gke gke, InstanceGroups groups, Polling polling) {
        this.gke = gke;
        this.groups = groups;
        this.polling = polling;
    }

    /** @param where the cluster or pool the operation works on; operations live in its location */
    boolean operationDone(ResourceRef where, Operation operation, Deadline deadline) {
        return polling.until(deadline, () -> read(where, operation).getStatus() == Operation.Status.DONE);
    }

    /**
     * Whether GKE is still at work on the cluster: PROVISIONING ("the cluster is being created") or RECONCILING
     * ("some work is actively being done on the cluster, such as upgrading the master or node software"), a state
     * that passes (v1 Cluster.Status), unlike DEGRADED or ERROR.
     */
    static boolean settling(Cluster cluster) {
        return cluster.getStatus() == Cluster.Status.PROVISIONING || cluster.getStatus() == Cluster.Status.RECONCILING;
    }

    /** Until the cluster no longer {@link #settling}: the cluster as last read. */
    Cluster clusterSettled(ResourceRef cluster, Deadline deadline) {
        Cluster[] last = {null};
        polling.until(deadline, () -> {
            last[0] = gke.getCluster(cluster);
            return !settling(last[0]);
        });
        return last[0];
    }

    /** Until GetNodePool answers NOT_FOUND: a deletion GKE finished, whoever asked for it. */
    boolean gone(ResourceRef pool, Deadline deadline) {
        return polling.until(deadline, () -> {
            try {
                gke.getNodePool(pool);
                return false;
            } catch (ApiFailure failure) {
                if (failure.kind() == FailureKind.NOT_FOUND) {
                    return true;
                }
                throw failure;
            }
        });
    }

    /**
     * Waits until {@code creation} (when there is one) is DONE and the pool RUNNING with {@code planned}
     * nodes per zone, or failed. A failed operation is DONE too, with {@code error} set ("the error result
     * of the operation in case of failure"); the deprecated {@code status_message} is read when it is not.
     */
    Progress replacement(ResourceRef pool, Optional<Operation> creation, Sizing planned, Deadline deadline) {
        Progress[] last = {new Pending("not read yet")};
        polling.until(deadline, () -> {
            last[0] = progress(pool, creation, planned);
            return !(last[0] instanceof Pending);
        });
        return last[0];
    }

    @SuppressWarnings("deprecation") // status_message: the text of an error older GKE versions set alone
    private Progress progress(ResourceRef pool, Optional<Operation> creation, Sizing planned) {
        Optional<Operation> op = creation.map(started -> read(pool, started));
        if (op.isPresent() && op.get().getStatus() == Operation.Status.DONE) {
            if (op.get().hasError() && op.get().getError().getCode() != 0) {
                return new Failed(op.get().getError().getMessage() + " (code " + op.get().getError().getCode() + ")");
            }
            if (!op.get().getStatusMessage().isBlank()) {
                return new Failed(op.get().getStatusMessage());
            }
        }
        NodePool found = gke.getNodePool(pool);
        // NodePool.Status: ERROR "may be unusable"; RUNNING_WITH_ERROR "has been created and is partially usable.
        // Some error state has occurred and some functionality may be impaired. Customer may need to reissue a
        // request or trigger a new update." Neither is waited out: a person acts on what GKE says.
        if (found.getStatus() == NodePool.Status.ERROR) {
            return new Failed("node pool " + found.getName() + " is in ERROR" + said(found));
        }
        if (found.getStatus() == NodePool.Status.RUNNING_WITH_ERROR) {
            return new Failed("node pool " + found.getName() + " is RUNNING_WITH_ERROR, only partly usable" + said(found));
        }
        if (op.isPresent() && op.get().getStatus() != Operation.Status.DONE) {
            return new Pending("its operation " + op.get().getName() + " is " + op.get().getStatus());
        }
        if (found.getStatus() != NodePool.Status.RUNNING) {
            return new Pending("it is " + found.getStatus());
        }
        if (planned.unread().isPresent()) {
            return new Ready();
        }
        Sizing now = Sizing.of(found, groups);
        if (now.unread().isPresent()) {
            return new Pending("its size cannot be read (" + now.unread().get() + ")");
        }
        if (!now.settled()) {
            return new Pending("it has " + now.describe() + ", still changing, of the planned " + planned.describe());
        }
        return now.total() >= planned.total() ? new Ready() : new Smaller(now);
    }

    /**
     * What GKE says of a failed pool: its {@code status_message} and its {@code conditions} ("Which conditions caused
     * the current node pool state"), each by its canonical code, or the deprecated code where that is all there is.
     */
    @SuppressWarnings("deprecation") // StatusCondition.code: what older answers carry instead of canonical_code
    private static String said(NodePool pool) {
        List<String> parts = new ArrayList<>();
        if (!pool.getStatusMessage().isBlank()) {
            parts.add(pool.getStatusMessage());
        }
        List<String> conditions = new ArrayList<>();
        for (StatusCondition condition : pool.getConditionsList()) {
            String code = condition.getCanonicalCode() != Code.OK ? condition.getCanonicalCode().name()
                    : condition.getCode() != StatusCondition.Code.UNKNOWN ? condition.getCode().name() : "";
            conditions.add(code.isEmpty() ? condition.getMessage()
                    : condition.getMessage().isBlank() ? code : code + ": " + condition.getMessage());
        }
        if (!conditions.isEmpty()) {
            parts.add("conditions: " + String.join("; ", conditions));
        }
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    }

    private Operation read(ResourceRef where, Operation operation) {
        return gke.getOperation(where.project(), where.location(), operation.getName());
    }
}
