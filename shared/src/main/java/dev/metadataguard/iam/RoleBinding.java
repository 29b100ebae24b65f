package dev.metadataguard.iam;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One binding of an IAM policy: a role and its members. Kept apart from the {@code google.iam.v1}
 * protos so that reading a policy export needs no Google client classes.
 */
record RoleBinding(String role, List<String> members) {

    RoleBinding {
        members = List.copyOf(members);
    }

    /** The roles bound to the service account; emails match without regard to case, as IAM lower-cases them. */
    static Set<String> rolesOf(List<RoleBinding> bindings, String serviceAccountEmail) {
        String member = "serviceAccount:" + serviceAccountEmail;
        Set<String> roles = new TreeSet<>();
        for (RoleBinding binding : bindings) {
            if (binding.members.stream().anyMatch(member::equalsIgnoreCase)) {
                roles.add(binding.role);
            }
        }
        return Set.copyOf(roles);
    }
}
