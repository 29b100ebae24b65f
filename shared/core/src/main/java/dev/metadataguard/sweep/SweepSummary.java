package dev.metadataguard.sweep;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one sweep found and sent, as its log line and its report message say: the clusters per
 * project, how many inspection requests went out, how long discovery and fan-out took, and what failed.
 * The pools' outcomes are the inspectors' (their own log lines, each with this sweep's id).
 *
 * @param source     where the clusters came from (Cloud Asset Inventory over the scope, or ListClusters)
 * @param clusters   clusters found, in scope or not
 * @param requested  inspection requests published (the clusters in the policy's projects)
 * @param perProject clusters requested per project
 * @param errors     what failed, each a sentence; empty when the sweep is complete
 */
public record SweepSummary(String sweep, String source, Instant startedAt, long durationMillis, int pages,
                           int clusters, int requested, int outOfScope, Map<String, Integer> perProject,
                           List<String> errors) {

    public SweepSummary {
        perProject = Map.copyOf(perProject);
        errors = List.copyOf(errors);
    }

    public boolean complete() {
        return errors.isEmpty();
    }
}
