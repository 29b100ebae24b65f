package dev.metadataguard.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs the given checks on a subject (the guard's are {@code policy.checks.Checks.ALL}, which sits with
 * the checks so that this package needs none of them). Pure: the same subject always gives the same evaluation.
 */
public final class PolicyEngine {

    private final List<Check> checks;

    public PolicyEngine(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public Evaluation evaluate(Subject subject, Optional<String> exemptReason) {
        return evaluate(subject, exemptReason, id -> true);
    }

    /** Runs only the checks whose id {@code enabled} accepts: the others give no verdict at all. */
    public Evaluation evaluate(Subject subject, Optional<String> exemptReason, Predicate<String> enabled) {
        return new Evaluation(subject.resource().name(),
                checks.stream().filter(c -> enabled.test(c.id())).map(c -> c.evaluate(subject)).toList(), exemptReason);
    }

    /**
     * Whether every one of {@code findings} comes from an informational check ({@link Check#informational}); a
     * finding of a check this engine does not run counts as one to act on.
     */
    public boolean onlyInformational(List<Finding> findings) {
        return !findings.isEmpty() && findings.stream().allMatch(this::informational);
    }

    /** Whether {@code finding} comes from an informational check this engine runs. */
    public boolean informational(Finding finding) {
        return checks.stream().anyMatch(c -> c.id().equals(finding.checkId()) && c.informational());
    }
}
