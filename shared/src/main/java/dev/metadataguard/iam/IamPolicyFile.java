package dev.metadataguard.iam;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Roles from a {@code gcloud projects get-iam-policy P --format=json} export, for the local mode.
 * The export does not say which project it came from, so {@link #read(Path)} answers for every
 * project asked about, while {@link #read(Path, String)} answers only for that project and says
 * "unknown" for the others.
 */
public final class IamPolicyFile implements ProjectRoles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RoleBinding> bindings;
    private final Optional<String> project;

    private IamPolicyFile(List<RoleBinding> bindings, Optional<String> project) {
        this.bindings = bindings;
        this.project = project;
    }

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static IamPolicyFile read(Path file) {
        return new IamPolicyFile(parse(file), Optional.empty());
    }

    /** The export of {@code project}'s policy; other projects' roles are unknown. */
    public static IamPolicyFile read(Path file, String project) {
        return new IamPolicyFile(parse(file), Optional.of(project));
    }

    @Override
    public Optional<Set<String>> rolesOf(String project, String serviceAccountEmail) {
        if (this.project.isPresent() && !this.project.get().equals(project)) {
            return Optional.empty();
        }
        return Optional.of(RoleBinding.rolesOf(bindings, serviceAccountEmail));
    }

    private static List<RoleBinding> parse(Path file) {
        JsonNode root = readJson(file);
        if (!root.isObject()) {
            throw bad(file, "it is not a JSON object; an export looks like {\"bindings\": [...], \"etag\": \"...\"}");
        }
        if (!root.has("bindings") && !root.has("etag")) {
            throw bad(file, "it has neither \"bindings\" nor \"etag\": not a gcloud projects get-iam-policy export");
        }
        JsonNode bindings = root.path("bindings");
        if (!bindings.isMissingNode() && !bindings.isArray()) {
            throw bad(file, "\"bindings\" is not a list");
        }
        List<RoleBinding> parsed = new ArrayList<>();
        for (int i = 0; i < bindings.size(); i++) {
            parsed.add(binding(file, "bindings[" + i + "]", bindings.get(i)));
        }
        return List.copyOf(parsed);
    }

    private static RoleBinding binding(Path file, String where, JsonNode json) {
        if (!json.path("role").isTextual() || json.get("role").asText().isEmpty()) {
            throw bad(file, where + " has no \"role\"");
        }
        List<String> parsed = new ArrayList<>();
        JsonNode members = json.path("members");
        if (!members.isArray()) {
            throw bad(file, where + ".members is not a list");
        }
        for (JsonNode member : members) {
            if (!member.isTextual()) {
                throw bad(file, where + ".members holds " + member + ", not a string");
            }
            parsed.add(member.asText());
        }
        return new RoleBinding(json.get("role").asText(), parsed);
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (root == null || root.isMissingNode()) {
                throw bad(file, "it is empty");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw bad(file, "it does not exist");
        } catch (JsonParseException e) {
            throw bad(file, "it is not JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw bad(file, "it cannot be read: " + e.getMessage());
        }
    }

    private static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException("IAM policy file " + file + ": " + problem);
    }
}
