package dev.metadataguard.iam;

import java.util.List;
import java.util.Optional;

/**
 * The roles a service account effectively holds in a project: bound on the project itself, or on a
 * folder or the organisation above it (IAM policies are inherited down the hierarchy). Roles held
 * through a group are not seen here.
 */
public interface ProjectRoles {

    /**
     * The grants to {@code serviceAccount:EMAIL} on the project and its ancestors, conditional
     * bindings included (a condition may hold); empty when the roles cannot be known here.
     *
     * @throws dev.metadataguard.api.ApiFailure when the project's own policy could not be read
     */
    Optional<Grants> grantsOf(String project, String serviceAccountEmail);

    /** The ids of the folders the project sits in, nearest first, when this source knows them. */
    default Optional<List<String>> foldersOf(String project) {
        return Optional.empty();
    }
}
