package dev.metadataguard.decision;

import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
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

    public Decision {
        findings = List.copyOf(findings);
        unknownChecks = List.copyOf(unknownChecks);
    }
}
