package dev.metadataguard.policy;

import dev.metadataguard.policy.checks.BroadScopesOnDefaultAccount;
import dev.metadataguard.policy.checks.DefaultServiceAccount;
import dev.metadataguard.policy.checks.LegacyEndpointsEnabled;
import dev.metadataguard.policy.checks.MetadataExposed;
import dev.metadataguard.policy.checks.OverPrivilegedServiceAccount;
import java.util.List;
import java.util.Optional;

/** Every check the guard runs, registered in one place. */
public final class Checks {

    public static final List<Check> ALL = List.of(
            new MetadataExposed(),
            new DefaultServiceAccount(),
            new OverPrivilegedServiceAccount(),
            new LegacyEndpointsEnabled(),
            new BroadScopesOnDefaultAccount());

    private Checks() {
    }

    /** The check with {@code id}, if there is one. */
    public static Optional<Check> byId(String id) {
        return ALL.stream().filter(check -> check.id().equals(id)).findFirst();
    }
}
