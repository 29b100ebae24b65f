package dev.metadataguard.gke.embedded;

import com.google.container.v1.Operation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GKE's long-running operations. Each starts PENDING, turns RUNNING on its first read, and is DONE
 * on the configured read (or when completed by hand); its effect on the cluster is applied then.
 * Not thread-safe: the {@link ClusterStore} calls it under its own lock.
 */
@SuppressWarnings("deprecation") // GKE still fills the deprecated zone
final class Operations {

    /** Reads after which an operation is DONE by default: the first shows RUNNING, the second DONE. */
    static final int DEFAULT_READS_TO_FINISH = 2;
    private static final String API = "https://container.googleapis.com/v1/";

    private final Map<String, Running> byId = new LinkedHashMap<>();
    private long sequence;
    private int readsToFinish = DEFAULT_READS_TO_FINISH;

    private static final class Running {
        private Operation operation;
        private final ResourceName target;
        private final Runnable onDone;
        private int reads;

        private Running(Operation operation, ResourceName target, Runnable onDone) {
            this.operation = operation;
            this.target = target;
            this.onDone = onDone;
        }

        private boolean done() {
            return operation.getStatus() == Operation.Status.DONE;
        }
    }

    /** Starts an operation on {@code target}; {@code onDone} applies its effect when it finishes. */
    Operation start(Operation.Type type, ResourceName target, Runnable onDone) {
        String id = String.format("operation-%d-%08x", System.currentTimeMillis(), ++sequence);
        Operation operation = Operation.newBuilder()
                .setName(id)
                .setZone(target.location())
                .setLocation(target.location())
                .setOperationType(type)
                .setStatus(Operation.Status.PENDING)
                .setSelfLink(API + "projects/" + target.project() + "/locations/" + target.location() + "/operations/" + id)
                .setTargetLink(API + target.name())
                .setStartTime(now())
                .build();
        byId.put(id, new Running(operation, target, onDone));
        return operation;
    }

    /** A read moves the operation along: RUNNING, then DONE on the configured read. */
    Operation read(RequestNames.OperationName name) {
        Running running = find(name);
        if (!running.done()) {
            running.reads++;
            if (running.reads >= readsToFinish) {
                finish(running);
            } else {
                running.operation = running.operation.toBuilder().setStatus(Operation.Status.RUNNING).build();
            }
        }
        return running.operation;
    }

    List<Operation> list(RequestNames.Location location) {
        return byId.values().stream().filter(r -> location.contains(r.target)).map(r -> r.operation).toList();
    }

    /** The operation still running on the cluster, if any: GKE runs one mutation per cluster at a time. */
    Optional<String> runningOn(ResourceName cluster) {
        return byId.values().stream()
                .filter(r -> !r.done() && r.target.clusterRef().equals(cluster))
                .map(r -> r.operation.getName())
                .findFirst();
    }

    void finishAfterReads(int reads) {
        if (reads < 1) {
            throw new IllegalArgumentException("an operation needs at least one read to finish, got " + reads);
        }
        readsToFinish = reads;
    }

    void completeAll() {
        byId.values().stream().filter(r -> !r.done()).toList().forEach(this::finish);
    }

    private Running find(RequestNames.OperationName name) {
        Running running = byId.get(name.id());
        if (running == null || !running.target.project().equals(name.project())
                || !running.target.location().equals(name.location())) {
            throw Rejections.notFound("operation " + name.id());
        }
        return running;
    }

    private void finish(Running running) {
        running.operation = running.operation.toBuilder().setStatus(Operation.Status.DONE).setEndTime(now()).build();
        running.onDone.run();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
