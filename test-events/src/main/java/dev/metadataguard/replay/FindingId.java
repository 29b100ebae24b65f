package dev.metadataguard.replay;

import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.checks.Checks;
import java.util.Comparator;
import java.util.Optional;

/**
 * One finding as the report compares runs: a check failing on a resource (a node pool, or a cluster's
 * auto-provisioning defaults), identified by the resource's full name and the check's id, so the same
 * failure in two runs is the same finding whatever else changed.
 */
record FindingId(String resource, String check) implements Comparable<FindingId> {

    private static final Comparator<FindingId> ORDER = Comparator.comparing(FindingId::resource)
            .thenComparing(FindingId::check);

    /** The check's severity; empty for an id no registered check has (an earlier run's retired check). */
    Optional<Severity> severity() {
        return Checks.byId(check).map(Check::severity);
    }

    boolean high() {
        return severity().map(s -> s.compareTo(Severity.HIGH) >= 0).orElse(false);
    }

    @Override
    public int compareTo(FindingId other) {
        return ORDER.compare(this, other);
    }
}
