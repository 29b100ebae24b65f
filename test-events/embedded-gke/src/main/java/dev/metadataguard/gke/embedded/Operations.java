package dev.metadataguard.gke.embedded;

import com.google.container.v1.Operation;
import com.google.rpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * GKE's long-running operations. Each starts PENDING ("The operation has been created", v1 Operation.Status),
 * turns RUNNING ("currently running") on its first read, and is DONE ("either cancelled or completed") on the
 * configured read, or, with an operation time, once that time has passed since it started, whatever was read
 * (or when completed by hand); its effect on the cluster is applied then. Not thread-safe: the
 * {@link ClusterStore} calls it under its own lock.
 */
@SuppressWarnings("deprecation") // GKE still fills the deprecated zone
final class Operations {

    /** Reads after which an operation is DONE by default: the first shows RUNNING, the second DONE. */
    static final int DEFAULT_READS_TO_FINISH = 2;
    private static final String API = "https://container.googleapis.com/v1/";

    private final Map<String, Running> byId = new LinkedHashMap<>();
    /** The error the next operation of each type ends with, planned by a test. */
    private final Map<Operation.Type, Status> plannedErrors = new LinkedHashMap<>();
    private final Clock clock;
    /** How long each operation runs; zero for operations that finish on a read instead. */
    private final Duration time;
    private long sequence;
    private int readsToFinish = DEFAULT_READS_TO_FINISH;

    /** @param time how long each operation runs, on {@code clock}; zero to finish them on the configured read */
    Operations(Clock clock, Duration time) {
        if (time.isNegative()) {
            throw new IllegalArgumentException("an operation cannot take a negative time, got " + time);
        }
        this.clock = clock;
        this.time = time;
    }

    private static final class Running {
        private Operation operation;
        private final ResourceName target;
        private final Runnable onDone;
        private final Consumer<Status> onFailed;
        private final Status error;
        private final Instant started;
        private int reads;

        private Running(Operation operation, ResourceName target, Runnable onDone, Consumer<Status> onFailed, Status error,
                        Instant started) {
            this.operation = operation;
            this.started = started;
            this.target = target;
            this.onDone = onDone;
            this.onFailed = onFailed;
            this.error = error;
        }

        private boolean done() {
            return operation.getStatus() == Operation.Status.DONE;
        }
    }

    /** Starts an operation on {@code target}; {@code onDone} applies its effect when it finishes. */
    Operation start(Operation.Type type, ResourceName target, Runnable onDone) {
        return start(type, target, onDone, error -> {
        });
    }

    /**
     * As {@link #start(Operation.Type, ResourceName, Runnable)}; when a test planned an error for this
     * type ({@link #failNext}), the operation ends DONE with that error, handed to {@code onFailed} instead.
     */
    Operation start(Operation.Type type, ResourceName target, Runnable onDone, Consumer<Status> onFailed) {
        Instant started = clock.instant();
        String id = String.format("operation-%d-%08x", started.toEpochMilli(), ++sequence);
        Operation operation = Operation.newBuilder()
                .setName(id)
                .setZone(target.location())
                .setLocation(target.location())
                .setOperationType(type)
                .setStatus(Operation.Status.PENDING)
                .setSelfLink(API + "projects/" + target.project() + "/locations/" + target.location() + "/operations/" + id)
                .setTargetLink(API + target.name())
                .setStartTime(timestamp(started))
                .build();
        byId.put(id, new Running(operation, target, onDone, onFailed, plannedErrors.remove(type), started));
        return operation;
    }

    /**
     * A read moves the operation along: RUNNING, then DONE on the configured read. With an operation time only
     * time finishes it ({@link #elapse}), and a read shows it RUNNING until then.
     */
    Operation read(RequestNames.OperationName name) {
        Running running = find(name);
        if (!running.done()) {
            running.reads++;
            if (time.isZero() && running.reads >= readsToFinish) {
                finish(running);
            } else {
                running.operation = running.operation.toBuilder().setStatus(Operation.Status.RUNNING).build();
            }
        }
        return running.operation;
    }

    /** With an operation time, finishes every operation whose time has passed, applying its effect. */
    void elapse() {
        if (time.isZero()) {
            return;
        }
        Instant now = clock.instant();
        byId.values().stream().filter(r -> !r.done() && !now.isBefore(r.started.plus(time))).toList().forEach(this::finish);
    }

    /**
     * How far the unfinished operation of {@code type} on {@code target} has come, from 0 to 1, when operations take
     * time; empty when there is none, or when operations finish on a read instead.
     */
    OptionalDouble progress(ResourceName target, Operation.Type type) {
        if (time.isZero()) {
            return OptionalDouble.empty();
        }
        Instant now = clock.instant();
        return byId.values().stream()
                .filter(r -> !r.done() && r.target.equals(target) && r.operation.getOperationType() == type)
                .mapToDouble(r -> Math.min(1.0, (double) Duration.between(r.started, now).toNanos() / time.toNanos()))
                .findFirst();
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

    /** The next operation of {@code type} fails with {@code error} when it finishes. */
    void failNext(Operation.Type type, Status error) {
        plannedErrors.put(type, error);
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

    /**
     * A failed operation is DONE too: Operation.status has no failed state, "error" holds "the error
     * result of the operation in case of failure", and the deprecated status_message repeats its text
     * ("if an error has occurred, a textual description of the error").
     */
    private void finish(Running running) {
        Operation.Builder done = running.operation.toBuilder().setStatus(Operation.Status.DONE)
                .setEndTime(timestamp(clock.instant()));
        if (running.error == null) {
            running.operation = done.build();
            running.onDone.run();
        } else {
            running.operation = done.setError(running.error).setStatusMessage(running.error.getMessage()).build();
            running.onFailed.accept(running.error);
        }
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
