package dev.metadataguard.iam;

import java.util.Optional;
import java.util.Set;

/** No policy to read (local mode without an IAM export): every answer is "unknown". */
public final class UnknownRoles implements ProjectRoles {

    @Override
    public Optional<Set<String>> rolesOf(String project, String serviceAccountEmail) {
        return Optional.empty();
    }
}
