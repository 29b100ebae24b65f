package dev.metadataguard.policy;

import java.util.List;
import java.util.Optional;

/** Runs the registered checks on a subject. Pure: the same subject always gives the same evaluation. */
public final class PolicyEngine {

    private final List<Check> checks;

    public PolicyEngine(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public PolicyEngine() {
        this(Checks.ALL);
    }

    public Evaluation evaluate(Subject subject, Optional<String> exemptReason) {
        return new Evaluation(subject.resource().name(),
                checks.stream().map(c -> c.evaluate(subject)).toList(), exemptReason);
    }
}
