package dev.metadataguard.gke;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import io.grpc.Status;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classifies the status of a failed Google client call (gax {@link ApiException}), for every edge
 * built on a Google Cloud client library (GKE here, Resource Manager in {@code iam}).
 */
public final class GaxFailures {

    /** Quota for a resource (CPUs, addresses) is not a rate limit: waiting does not bring it back. */
    private static final Pattern RESOURCE_QUOTA = Pattern.compile("(?i)insufficient\\b.*\\bquota");

    private GaxFailures() {
    }

    public static FailureKind kindOf(ApiException e) {
        StatusCode.Code code = e.getStatusCode().getCode();
        return switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, INTERNAL -> FailureKind.TRANSIENT;
            case RESOURCE_EXHAUSTED -> RESOURCE_QUOTA.matcher(String.valueOf(e.getMessage())).find()
                    ? FailureKind.PERMANENT
                    : FailureKind.TRANSIENT;
            case NOT_FOUND -> FailureKind.NOT_FOUND;
            case PERMISSION_DENIED, UNAUTHENTICATED -> FailureKind.PERMISSION_DENIED;
            case ALREADY_EXISTS -> FailureKind.ALREADY_EXISTS;
            default -> FailureKind.PERMANENT;
        };
    }

    /** The failure of {@code call} on {@code target}, keeping the server's message and the cause. */
    public static ApiFailure failure(FailureKind kind, String call, String target, ApiException e) {
        String detail = Optional.ofNullable(Status.fromThrowable(e).getDescription()).orElse(e.getMessage());
        return new ApiFailure(kind, call, e.getStatusCode().getCode() + " on " + target + ": " + detail, e);
    }
}
