package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import java.time.Duration;
import java.util.Optional;

/** Bounded waits on GKE, polling GetOperation and GetNodePool. */
final class GkeWaits {

    private final Gke gke;
    private final Polling polling;

    GkeWaits(Gke gke, Polling polling) {
        this.gke = gke;
        this.polling = polling;
    }

    Duration timeout() {
        return polling.timeout();
    }

    /** @param where the cluster or pool the operation works on; operations live in its location */
    boolean operationDone(ResourceRef where, Operation operation) {
        return polling.until(() -> isDone(where, operation));
    }

    /** True once {@code creation} (when there is one) is done and the pool is RUNNING. */
    boolean poolRunning(ResourceRef pool, Optional<Operation> creation) {
        return polling.until(() -> creation.map(op -> isDone(pool, op)).orElse(true)
                && gke.getNodePool(pool).getStatus() == NodePool.Status.RUNNING);
    }

    private boolean isDone(ResourceRef where, Operation operation) {
        return gke.getOperation(where.project(), where.location(), operation.getName()).getStatus() == Operation.Status.DONE;
    }
}
