package dev.metadataguard.gke.embedded;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The errors the embedded GKE answers with, worded the way GKE words them. */
final class Rejections {

    private Rejections() {
    }

    static StatusRuntimeException notFound(Object what) {
        return Status.NOT_FOUND.withDescription("Not found: " + what + ".").asRuntimeException();
    }

    static StatusRuntimeException alreadyExists(Object what) {
        return Status.ALREADY_EXISTS.withDescription("Already exists: " + what + ".").asRuntimeException();
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException precondition(String message) {
        return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException aborted(String message) {
        return Status.ABORTED.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException busy(String operationId) {
        return precondition("Cluster is running incompatible operation " + operationId + ".");
    }

    static StatusRuntimeException unsupported(String message) {
        return Status.UNIMPLEMENTED.withDescription("embedded GKE: " + message).asRuntimeException();
    }
}
