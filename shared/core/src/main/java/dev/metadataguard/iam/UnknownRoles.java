package dev.metadataguard.iam;

import java.util.Optional;

/** No policy to read (local mode without an IAM export): every answer is "unknown". */
public final class UnknownRoles implements ProjectRoles {

    @Override
    public Optional<Grants> grantsOf(String project, String serviceAccountEmail) {
        return Optional.empty();
    }
}
