package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.InstanceGroups;
import java.time.Duration;
import java.util.Optional;

/** Bounded waits on GKE, polling GetOperation, GetNodePool and the pool's managed instance groups. */
final class GkeWaits {

    /** Where a replacement stands at the end of a wait. */
    sealed interface Progress {
    }

    /** Created without error, RUNNING, and its groups hold the planned nodes (as far as they could be read). */
    record Ready() implements Progress {
    }

    /** GKE could not create it: the operation's error, or the pool's ERROR status and message. */
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

    Duration timeout() {
        return polling.timeout();
    }

    /** @param where the cluster or pool the operation works on; operations live in its location */
    boolean operationDone(ResourceRef where, Operation operation) {
        return polling.until(() -> read(where, operation).getStatus() == Operation.Status.DONE);
    }

    /**
     * Waits until {@code creation} (when there is one) is DONE and the pool RUNNING with {@code planned}
     * nodes per zone, or failed. A failed operation is DONE too, with {@code error} set ("the error result
     * of the operation in case of failure"); the deprecated {@code status_message} is read when it is not.
     */
    Progress replacement(ResourceRef pool, Optional<Operation> creation, Sizing planned) {
        Progress[] last = {new Pending("not read yet")};
        polling.until(() -> {
            last[0] = progress(pool, creation, planned);
            return !(last[0] instanceof Pending);
        });
        return last[0];
    }

    @SuppressWarnings("deprecation") // status_message: the text of an error older GKE versions set alone
    private Progress progress(ResourceRef pool, Optional<Operation> creation, Sizing planned) {
        if (creation.isPresent()) {
            Operation op = read(pool, creation.get());
            if (op.getStatus() != Operation.Status.DONE) {
                return new Pending("its operation " + op.getName() + " is " + op.getStatus());
            }
            if (op.hasError() && op.getError().getCode() != 0) {
                return new Failed(op.getError().getMessage() + " (code " + op.getError().getCode() + ")");
            }
            if (!op.getStatusMessage().isBlank()) {
                return new Failed(op.getStatusMessage());
            }
        }
        NodePool found = gke.getNodePool(pool);
        if (found.getStatus() == NodePool.Status.ERROR) {
            return new Failed("node pool " + found.getName() + " is in ERROR"
                    + (found.getStatusMessage().isBlank() ? "" : ": " + found.getStatusMessage()));
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

    private Operation read(ResourceRef where, Operation operation) {
        return gke.getOperation(where.project(), where.location(), operation.getName());
    }
}
