package dev.metadataguard.google;

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

    /**
     * Quota for a resource (CPUs, addresses) is not a rate limit, and a stockout is not a missing permission:
     * GKE answers "Insufficient regional quota to satisfy request: resource \"CPUS\"" with 403 (GKE guide
     * "Regional clusters"); Compute Engine names stockouts ZONE_RESOURCE_POOL_EXHAUSTED ("does not have enough
     * resources available", also said of a reservation; guide "Troubleshooting resource availability errors")
     * and exhausted ranges IP_SPACE_EXHAUSTED. Spaces and upper-case codes are matched as written, so a
     * resource name quoted in a message (lower case, no spaces) cannot pass for one.
     */
    private static final Pattern CAPACITY = Pattern.compile("(?i:insufficient (\\w+ )?quota|does not have enough"
            + " resources available)|QUOTA_EXCEEDED|ZONE_RESOURCE_POOL_EXHAUSTED|GCE_STOCKOUT|IP_SPACE_EXHAUSTED");

    private GaxFailures() {
    }

    public static FailureKind kindOf(ApiException e) {
        StatusCode.Code code = e.getStatusCode().getCode();
        boolean capacity = CAPACITY.matcher(String.valueOf(e.getMessage())).find();
        return switch (code) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, INTERNAL -> FailureKind.TRANSIENT;
            // Without a quota or capacity message, RESOURCE_EXHAUSTED is a rate limit: a retry helps.
            case RESOURCE_EXHAUSTED -> capacity ? FailureKind.CAPACITY : FailureKind.TRANSIENT;
            case PERMISSION_DENIED, FAILED_PRECONDITION, INVALID_ARGUMENT -> capacity ? FailureKind.CAPACITY
                    : code == StatusCode.Code.PERMISSION_DENIED ? FailureKind.PERMISSION_DENIED : FailureKind.PERMANENT;
            case NOT_FOUND -> FailureKind.NOT_FOUND;
            case UNAUTHENTICATED -> FailureKind.PERMISSION_DENIED;
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
