package dev.metadataguard.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to inspect one existing cluster and all its node pools, as the estate sweep sends it to
 * the inspector (and as the local estate audit makes one per listed cluster). It carries no cluster
 * settings: the inspector reads the cluster live and decides under its own policy.
 *
 * @param cluster     the cluster's name, {@code projects/P/locations/L/clusters/C}
 * @param sweep       the sweep it belongs to, for the summary and the log lines
 * @param requestedAt when the sweep found the cluster; a violation seen then may reopen a ticket
 *                    resolved before it
 * @param mayReplace  one of the sweep's replacements is this cluster's to use (policy {@code sweep:
 *                    {remediate: true, maxReplacements: N}}); without it a sweep's violations are tickets
 */
public record InspectionRequest(String cluster, String sweep, Instant requestedAt, boolean mayReplace) {

    /** A request that opens tickets only. */
    public InspectionRequest(String cluster, String sweep, Instant requestedAt) {
        this(cluster, sweep, requestedAt, false);
    }

    /** What the decisions of an inspection request give as their method. */
    public static final String METHOD = "metadataguard.InspectCluster";

    public InspectionRequest {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
