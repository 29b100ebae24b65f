package dev.metadataguard.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Roles read from a {@code gcloud projects get-iam-policy P --format=json} export, for the local mode.
 * The export names no project, so its bindings answer for every project asked about.
 */
public final class IamPolicyFile implements ProjectRoles {

    private final Map<String, Set<String>> rolesByMember;

    private IamPolicyFile(Map<String, Set<String>> rolesByMember) {
        this.rolesByMember = rolesByMember;
    }

    public static IamPolicyFile load(Path file) {
        JsonNode policy;
        try {
            policy = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the IAM policy export (" + e.getMessage()
                    + "); make one with: gcloud projects get-iam-policy PROJECT --format=json > FILE", e);
        }
        JsonNode bindings = policy == null ? null : policy.get("bindings");
        if (bindings == null || !bindings.isArray()) {
            throw new IllegalArgumentException(file + ": not an IAM policy export: expected a top-level \"bindings\""
                    + " array; make one with: gcloud projects get-iam-policy PROJECT --format=json > FILE");
        }
        Map<String, Set<String>> roles = new HashMap<>();
        for (int i = 0; i < bindings.size(); i++) {
            JsonNode binding = bindings.get(i);
            String role = binding.path("role").asText("");
            if (role.isEmpty() || !binding.path("members").isArray()) {
                throw new IllegalArgumentException(file + ": bindings[" + i + "] needs a \"role\" string and a"
                        + " \"members\" array");
            }
            for (JsonNode member : binding.get("members")) {
                roles.computeIfAbsent(member.asText(), m -> new TreeSet<>()).add(role);
            }
        }
        return new IamPolicyFile(roles);
    }

    @Override
    public Optional<Set<String>> rolesOf(String project, String serviceAccountEmail) {
        return Optional.of(Set.copyOf(rolesByMember.getOrDefault("serviceAccount:" + serviceAccountEmail, Set.of())));
    }
}
