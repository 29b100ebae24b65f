package dev.metadataguard.policy;

import java.util.List;
import java.util.Optional;

/**
 * Every check's verdict on one subject, and what they add up to.
 *
 * @param exemptReason present when a policy exemption or the {@code metadata-guard-exempt} label applies
 */
public record Evaluation(String resource, List<Verdict> verdicts, Optional<String> exemptReason) {

    public List<Finding> findings() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Fail).map(v -> ((Verdict.Fail) v).finding())
                .toList();
    }

    public List<String> unknownChecks() {
        return verdicts.stream().filter(v -> v instanceof Verdict.Unknown)
                .map(v -> v.checkId() + ": " + ((Verdict.Unknown) v).reason()).toList();
    }

    public Outcome outcome() {
        if (exemptReason.isPresent()) {
            return Outcome.EXEMPT;
        }
        if (!findings().isEmpty()) {
            return Outcome.VIOLATION;
        }
        return unknownChecks().isEmpty() ? Outcome.COMPLIANT : Outcome.UNKNOWN;
    }
}
