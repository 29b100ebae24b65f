package dev.metadataguard.testing;

import dev.metadataguard.iam.Grant;
import dev.metadataguard.iam.Grants;
import java.util.Collection;
import java.util.Optional;

/** Roles bound plainly on a project, as a {@link dev.metadataguard.iam.ProjectRoles} answers them. */
public final class TestRoles {

    private TestRoles() {
    }

    public static Optional<Grants> held(String project, Collection<String> roles) {
        return Optional.of(Grants.of(roles.stream().map(role -> new Grant(role, "projects/" + project, false)).toList()));
    }
}
