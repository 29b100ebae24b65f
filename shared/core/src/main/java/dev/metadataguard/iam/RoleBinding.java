package dev.metadataguard.iam;

import java.util.List;

/**
 * One binding of an IAM policy: a role, its members, and whether a condition limits it. Kept apart
 * from the {@code google.iam.v1} protos so that reading a policy export needs no Google client classes.
 */
record RoleBinding(String role, List<String> members, boolean conditional) {

    RoleBinding {
        members = List.copyOf(members);
    }

    /** The grants to the service account in {@code resource}'s policy; emails match without regard to case, as IAM lower-cases them. */
    static List<Grant> grantsOf(List<RoleBinding> bindings, String resource, String serviceAccountEmail) {
        String member = "serviceAccount:" + serviceAccountEmail;
        return bindings.stream()
                .filter(binding -> binding.members.stream().anyMatch(member::equalsIgnoreCase))
                .map(binding -> new Grant(binding.role, resource, binding.conditional))
                .toList();
    }
}
