package dev.metadataguard.policy;

import dev.metadataguard.fix.FixStep;
import java.util.List;
import java.util.Optional;

/**
 * One rule the guard checks, with everything the guard knows about it: how it is judged, what a
 * ticket says about it, and how a replacement or an in-place update fixes it. Tickets, the replacer and
 * the README tables ask the registered checks ({@code policy.checks.Checks.ALL}); a new check is one class
 * implementing this, one line there, one test and one test event with its expected rows.
 */
public interface Check {

    /** Stable id such as {@code MG001}; part of ticket fingerprints, so never reused. */
    String id();

    Severity severity();

    /** One line a person understands without the docs. */
    String title();

    /**
     * The finding category in Security Command Center, {@code GKE_NODE_...}: upper case, like the categories
     * Security Health Analytics writes, and never changed once published (views and mute rules select on it).
     */
    String category();

    /** The rule, as the README's table states it: what fails, on the effective value. */
    String rule();

    /** Why it matters, in the words a ticket reader needs. */
    String whyItMatters();

    /** What a failure lets happen; a ticket's title names the gravest among its findings. */
    Exposure exposure();

    Verdict evaluate(Subject subject);

    /**
     * What a compliant replacement sets so that this check passes, said once ({@link NodeSetting}): the
     * replacement's node config, the gcloud flags, node auto-provisioning's defaults and the in-place update all
     * come from it.
     */
    Fix fix();

    /** What must be true before a replacement can carry this check's settings (an account), for people. */
    default List<FixStep> prerequisites(FixContext fix) {
        return List.of();
    }

    /** What the cluster needs before GKE takes this check's settings; the replacer sees to it. */
    default List<ClusterRequirement> clusterRequirements() {
        return List.of();
    }

    /**
     * The Organization Policy custom constraints that would have refused, at creation or update, what this
     * check finds; empty when a request cannot show it (IAM roles are granted elsewhere).
     */
    default Optional<Prevention> prevention() {
        return Optional.empty();
    }

    /**
     * Reported, but never on its own a reason to act: a pool whose every finding is informational gets a
     * ticket at most, never a replacement (and so never a retirement), whatever the remediation rules say.
     */
    default boolean informational() {
        return false;
    }

    /** The CIS GKE Benchmark recommendation this check enforces, where the benchmark has one. */
    default Optional<CisItem> cis() {
        return Optional.empty();
    }

    default Verdict fail(String field, String expected, String actual, String note) {
        return new Verdict.Fail(new Finding(id(), title(), severity(), new Evidence(field, expected, actual), note));
    }

    default Verdict pass() {
        return new Verdict.Pass(id());
    }

    default Verdict unknown(String reason) {
        return new Verdict.Unknown(id(), reason);
    }
}
