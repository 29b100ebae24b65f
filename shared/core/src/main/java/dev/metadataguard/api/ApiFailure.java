package dev.metadataguard.api;

/**
 * A classified failure of a call to an outside API (GKE, Resource Manager, Pub/Sub, a tracker).
 * The message names the call and the resource and never carries a credential.
 */
public class ApiFailure extends RuntimeException {

    private final FailureKind kind;
    private final String call;

    public ApiFailure(FailureKind kind, String call, String message, Throwable cause) {
        super(call + ": " + message, cause);
        this.kind = kind;
        this.call = call;
    }

    public ApiFailure(FailureKind kind, String call, String message) {
        this(kind, call, message, null);
    }

    /** The same failure, with more said about it by a subclass; same kind, call and message. */
    protected ApiFailure(ApiFailure failure) {
        super(failure.getMessage(), failure);
        this.kind = failure.kind;
        this.call = failure.call;
    }

    public FailureKind kind() {
        return kind;
    }

    /** The API call that failed, e.g. {@code container.projects.locations.clusters.get}. */
    public String call() {
        return call;
    }
}
