package dev.metadataguard.decision;

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
 */
public record InspectionRequest(String cluster, String sweep, Instant requestedAt) {

    /** What the decisions of an inspection request give as their method. */
    public static final String METHOD = "metadataguard.InspectCluster";

    public InspectionRequest {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
