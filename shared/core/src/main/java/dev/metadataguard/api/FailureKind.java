package dev.metadataguard.api;

/**
 * How the guard treats a failed call. Only {@link #TRANSIENT} is thrown out of a function, so that
 * Pub/Sub redelivers with backoff; every other kind is logged, acknowledged, and where a person must
 * act, turned into a ticket.
 */
public enum FailureKind {
    /** UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED (rate), ABORTED, 5xx, 408, 429: retry later. */
    TRANSIENT,
    /** The resource is gone (deleted meanwhile): nothing left to do. */
    NOT_FOUND,
    /** The guard's own identity lacks a permission: a ticket about the guard's setup. */
    PERMISSION_DENIED,
    /** Another operation runs on the cluster, or it is not RUNNING yet: retry later. */
    BUSY,
    /** The resource already exists (a concurrent or earlier delivery made it). */
    ALREADY_EXISTS,
    /**
     * Google Cloud has no room for the request: resource quota (GKE answers it with 403 PERMISSION_DENIED or
     * RESOURCE_EXHAUSTED), a zone out of stock, a reservation or an IP range used up. Not the guard's
     * permissions, and not fixed by a retry within minutes: a person raises quota or frees capacity.
     */
    CAPACITY,
    /** The request can never succeed as it is (bad argument, failed precondition, bad credentials). */
    PERMANENT;

    public boolean retryable() {
        return this == TRANSIENT || this == BUSY;
    }
}
