package dev.metadataguard.iam;

import java.util.List;
import java.util.Optional;

/**
 * The roles a service account effectively holds in a project: bound on the project itself, or on a
 * folder or the organisation above it (IAM policies are inherited down the hierarchy), to the account
 * or to a Google group it is a member of. A source that cannot read a group's members says so
 * ({@link Grants#unexpanded()}).
 */
public interface ProjectRoles {

    /** What reading the project's own policy needs. */
    String PERMISSION = "resourcemanager.projects.getIamPolicy";
    /** What the walk up the hierarchy to the folders' and organisation's policies needs besides {@link #PERMISSION}. */
    List<String> ANCESTRY_PERMISSIONS = List.of("resourcemanager.projects.get", "resourcemanager.folders.get",
            "resourcemanager.folders.getIamPolicy", "resourcemanager.organizations.getIamPolicy");

    /**
     * The grants to {@code serviceAccount:EMAIL} on the project and its ancestors, directly or through
     * groups, conditional bindings included (a condition may hold); empty when the roles cannot be known here.
     *
     * @throws dev.metadataguard.api.ApiFailure when the project's own policy could not be read
     */
    Optional<Grants> grantsOf(String project, String serviceAccountEmail);

    /** The ids of the folders the project sits in, nearest first, when this source knows them. */
    default Optional<List<String>> foldersOf(String project) {
        return Optional.empty();
    }
}
