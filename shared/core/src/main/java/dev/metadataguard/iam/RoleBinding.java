package dev.metadataguard.iam;

import java.util.List;
import java.util.Optional;

/**
 * One binding of an IAM policy: a role, its members, and whether a condition limits it. Kept apart
 * from the {@code google.iam.v1} protos so that reading a policy export needs no Google client classes.
 */
record RoleBinding(String role, List<String> members, boolean conditional) {

    /** How a binding names a Google group (IAM's principal identifiers). */
    static final String GROUP = "group:";

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

    /**
     * The grants to groups in {@code resource}'s policy, one per group and role: a service account can be a member
     * of a Google group, and a policy alone does not say whose members are whom.
     */
    static List<Grant> groupGrants(List<RoleBinding> bindings, String resource) {
        return bindings.stream()
                .flatMap(binding -> binding.members.stream()
                        .filter(m -> m.regionMatches(true, 0, GROUP, 0, GROUP.length()))
                        .map(group -> new Grant(binding.role, resource, binding.conditional, Optional.of(group))))
                .toList();
    }
}
