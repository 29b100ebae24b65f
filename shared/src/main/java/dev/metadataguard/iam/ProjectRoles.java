package dev.metadataguard.iam;

import java.util.Optional;
import java.util.Set;

/** The project roles bound to a service account, read from the project's IAM policy. */
public interface ProjectRoles {

    /**
     * @return the roles bound to {@code serviceAccount:EMAIL} on the project; empty when they cannot be known
     * @throws dev.metadataguard.api.ApiFailure classified, when the policy cannot be read
     */
    Optional<Set<String>> rolesOf(String project, String serviceAccountEmail);
}
