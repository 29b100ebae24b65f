package dev.metadataguard.policy.checks;

import dev.metadataguard.policy.Check;
import java.util.List;
import java.util.Optional;

/** Every check the guard runs, registered in one place, and the look-ups the rest of the guard makes. */
public final class Checks {

    public static final List<Check> ALL = List.of(
            new MetadataExposed(),
            new DefaultServiceAccount(),
            new OverPrivilegedServiceAccount(),
            new LegacyEndpointsEnabled(),
            new BroadScopesOnDefaultAccount());

    private Checks() {
    }

    /** The check with this id among {@code checks}; empty for an id no check has (any more). */
    public static Optional<Check> byId(List<Check> checks, String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The registered check with {@code id}, if there is one. */
    public static Optional<Check> byId(String id) {
        return byId(ALL, id);
    }
}
