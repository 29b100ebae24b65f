package dev.metadataguard.sweep;

import dev.metadataguard.config.Exemption;
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
 * @param exemptionsEndingSoon the policy's exemptions that end within {@link Exemption#WARN_DAYS} days of the
 *                   sweep, so their owners hear of it before the findings come back
 */
public record SweepSummary(String sweep, String source, Instant startedAt, long durationMillis, int pages,
                           int clusters, int requested, int outOfScope, Map<String, Integer> perProject,
                           List<String> errors, List<Exemption> exemptionsEndingSoon) {

    public SweepSummary {
        perProject = Map.copyOf(perProject);
        errors = List.copyOf(errors);
        exemptionsEndingSoon = List.copyOf(exemptionsEndingSoon);
    }

    public boolean complete() {
        return errors.isEmpty();
    }
}
