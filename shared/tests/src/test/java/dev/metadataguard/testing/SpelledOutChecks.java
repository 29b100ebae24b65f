package dev.metadataguard.testing;

import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.checks.Checks;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks whose settings the tests spell out by hand (mode, service account, roles, legacy endpoints, scopes).
 * A test of something else (how a ticket reads, what a fixture holds) takes these, so a check registered later
 * changes only the tests that are about every check.
 */
public final class SpelledOutChecks {

    public static final Set<String> IDS = Set.of("MG001", "MG002", "MG003", "MG004", "MG005");
    public static final List<Check> CHECKS = Checks.ALL.stream().filter(check -> IDS.contains(check.id())).toList();

    private SpelledOutChecks() {
    }

    /**
     * The policy file {@code policy} with every other registered check switched off, for a scenario about these;
     * {@code policy} has no {@code checks} section of its own.
     */
    public static String only(String policy) {
        String others = Checks.ALL.stream().map(Check::id).filter(id -> !IDS.contains(id))
                .map(id -> "  " + id + ": {enabled: false}\n").collect(Collectors.joining());
        return others.isEmpty() ? policy : policy + "\nchecks:\n" + others;
    }
}
