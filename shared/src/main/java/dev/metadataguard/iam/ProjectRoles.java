package dev.metadataguard.iam;

import java.util.Optional;
import java.util.Set;

/**
 * The roles a service account holds on a project, from the project's own IAM policy. Roles granted
 * on a folder or the organisation, or through a group, are not seen here.
 */
public interface ProjectRoles {

    /**
     * The roles bound to {@code serviceAccount:EMAIL} in the project's policy (conditional bindings
     * included: a condition may hold); empty when the roles cannot be known here.
     *
     * @throws dev.metadataguard.api.ApiFailure when the policy could not be read
     */
    Optional<Set<String>> rolesOf(String project, String serviceAccountEmail);
}
