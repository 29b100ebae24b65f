package dev.metadataguard.decision;

/**
 * Something the guard did (or would do, or could not do) about a non-compliant resource,
 * recorded on that resource's ticket.
 *
 * @param replacement the replacement node pool's full name, when there is one
 * @param operation   the GKE operation name, when a call was made
 * @param detail      what happened, in a sentence; for a dry run the exact request it would send
 * @param fix         what a person should do next; empty when nothing is needed
 */
public record RemediationOutcome(Kind kind, String replacement, String operation, String detail, String fix) {

    public enum Kind {
        /**
         * The replacer created a compliant replacement pool: GKE's operation finished without error and the
         * pool runs at its planned size.
         */
        REPLACEMENT_CREATED,
        /**
         * GKE could not create the replacement: its CreateNodePool operation ended with an error, or the pool
         * is in ERROR. The original is untouched; a person must remove the cause.
         */
        REPLACEMENT_FAILED,
        /** Dry-run: the replacer computed the pool it would create and created nothing. */
        DRY_RUN_PLAN,
        /** A precondition failed (Workload Identity off, Autopilot, no node SA, ...): a person must act. */
        PRECONDITION_FAILED,
        /** The guard's own replacement (known by its operation) evaluated compliant: ready, the original stays. */
        REPLACEMENT_COMPLIANT,
        /** Fixed in place: a pool with UpdateNodePool, auto-provisioning's defaults with UpdateCluster. */
        UPDATED_IN_PLACE,
        /** The original pool was scaled to zero or deleted after its replacement was running. */
        ORIGINAL_RETIRED,
        /**
         * The replacer judged the live pool a violation to replace, and GKE could not take the change yet (the
         * cluster busy or reconciling, GKE unavailable): Pub/Sub redelivers, and the ticket shows why it waits,
         * also when the retries run out and the request is dead-lettered.
         */
        REPLACEMENT_WAITING,
        /** The resource no longer exists. */
        RESOURCE_DELETED,
        /**
         * A replacement request no longer held when the replacer re-read the resource (compliant, exempt,
         * out of scope, or no longer to be replaced): nothing was changed.
         */
        REQUEST_STALE;

        /**
         * Whether the outcome only says a request found nothing to do. Such an outcome is added to a ticket
         * that exists and never opens one: the request alone is no evidence that anything is wrong.
         */
        public boolean onlyAnnotates() {
            return this == RESOURCE_DELETED || this == REQUEST_STALE;
        }

        /**
         * Whether each different detail is an outcome of its own. A wait has no operation of its own to key it;
         * its reason is what changes from one attempt to the next, and the last one is what a person needs.
         */
        public boolean keyedByDetail() {
            return this == REPLACEMENT_WAITING;
        }
    }
}
