package dev.metadataguard.decision;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.text.Inert;
import java.time.Instant;
import java.util.List;

/**
 * The inspector's verdict on one node pool, as published to {@code ticket-requests} or
 * {@code replacement-requests}. Plain data so every function reads it the same way.
 *
 * @param fingerprint   stable key of the ticket: resource name + sorted finding ids
 * @param resource      full name of the node pool ({@code projects/P/locations/L/clusters/C/nodePools/N}),
 *                      or the cluster name for its auto-provisioning defaults
 * @param unknownChecks ids of checks that could not be settled, each with its reason
 * @param replaces      when the pool is the guard's own replacement, the name of the pool it replaces
 * @param principal     who created the resource, when the audit entry said
 * @param eventTime     when the audit entry was written
 * @param mode          {@code dry-run} or {@code enforce}, as the policy said at decision time
 */
public record Decision(
        String fingerprint,
        String resource,
        Outcome outcome,
        List<Finding> findings,
        List<String> unknownChecks,
        Action action,
        String reason,
        String mode,
        String method,
        String operationId,
        String principal,
        Instant eventTime,
        String replaces) {

    /** A decision arrives in a message: its key and names are checked before anything uses them. */
    public Decision {
        if (!Fingerprint.isWellFormed(fingerprint)) {
            throw new IllegalArgumentException("fingerprint '" + Inert.value(fingerprint)
                    + "' is not a ticket key (mg- and 16 hex digits)");
        }
        requireGkeName("resource", resource);
        if (replaces != null) {
            requireGkeName("replaces", replaces);
        }
        findings = List.copyOf(findings);
        unknownChecks = List.copyOf(unknownChecks);
    }

    /** The same decision, dated {@code at}. */
    public Decision withEventTime(Instant at) {
        return new Decision(fingerprint, resource, outcome, findings, unknownChecks, action, reason, mode, method,
                operationId, principal, at, replaces);
    }

    private static void requireGkeName(String field, String name) {
        if (ResourceRef.parse(name).isEmpty()) {
            throw new IllegalArgumentException(field + " '" + Inert.value(name) + "' is not a GKE cluster or"
                    + " node-pool name (projects/P/locations/L/clusters/C[/nodePools/N])");
        }
    }
}
