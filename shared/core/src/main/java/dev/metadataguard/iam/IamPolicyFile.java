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
import java.util.regex.Pattern;

/**
 * Roles from {@code gcloud projects|resource-manager folders|organizations get-iam-policy ... --format=json}
 * exports, for the local mode. An export does not say which resource it came from: one read with
 * {@link #read(Path)} is the policy of every project asked about; one read with
 * {@link #read(Path, String)} is the policy of that project, folder or organisation. Folder and
 * organisation exports apply to every project (the replay cannot see the hierarchy), each grant
 * marked with where it sits. An export does not say who is in a group, so grants to groups are
 * kept as {@link Grants#unexpanded()}.
 */
public final class IamPolicyFile implements ProjectRoles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESOURCE = Pattern.compile("(projects/[^/\\s]+|folders/[0-9]+|organizations/[0-9]+)");

    /** One export: the resource it is the policy of (empty: whichever project is asked), and its bindings. */
    private record Export(Optional<String> resource, List<RoleBinding> bindings) {
    }

    private final List<Export> exports;

    private IamPolicyFile(List<Export> exports) {
        this.exports = List.copyOf(exports);
    }

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static IamPolicyFile read(Path file) {
        return new IamPolicyFile(List.of(new Export(Optional.empty(), parse(file))));
    }

    /** The export of {@code resource}'s policy ({@code projects/P}, {@code folders/F}, {@code organizations/O}). */
    public static IamPolicyFile read(Path file, String resource) {
        if (!RESOURCE.matcher(resource).matches()) {
            throw new IllegalArgumentException("IAM policy file " + file + ": \"" + resource + "\" is not projects/PROJECT_ID,"
                    + " folders/NUMBER or organizations/NUMBER");
        }
        return new IamPolicyFile(List.of(new Export(Optional.of(resource), parse(file))));
    }

    /**
     * {@code FILE}, the policy of every project asked about, or {@code RESOURCE=FILE}, the policy of that
     * project, folder or organisation (as the replay's {@code --iam} takes them).
     */
    public static IamPolicyFile readSpec(String spec) {
        int eq = spec.indexOf('=');
        if (eq > 0 && RESOURCE.matcher(spec.substring(0, eq)).matches()) {
            return read(Path.of(spec.substring(eq + 1)), spec.substring(0, eq));
        }
        return read(Path.of(spec));
    }

    /** All the exports of {@code files} together, as IAM combines a project's policy with its ancestors'. */
    public static IamPolicyFile combine(List<IamPolicyFile> files) {
        return new IamPolicyFile(files.stream().flatMap(f -> f.exports.stream()).toList());
    }

    @Override
    public Optional<Grants> grantsOf(String project, String serviceAccountEmail) {
        String own = "projects/" + project;
        List<Grant> grants = new ArrayList<>();
        List<Grant> toGroups = new ArrayList<>();
        boolean projectRead = false;
        for (Export export : exports) {
            String resource = export.resource().orElse(own);
            if (resource.startsWith("projects/") && !resource.equals(own)) {
                continue;
            }
            projectRead |= resource.equals(own);
            grants.addAll(RoleBinding.grantsOf(export.bindings(), resource, serviceAccountEmail));
            toGroups.addAll(RoleBinding.groupGrants(export.bindings(), resource));
        }
        if (!projectRead && grants.isEmpty()) {
            return Optional.empty();
        }
        // An export holds no group's members: a grant to a group may reach the account.
        return Optional.of(new Grants(grants, projectRead ? List.of() : List.of(own + " (no export of its policy)"),
                toGroups));
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
        return new RoleBinding(json.get("role").asText(), parsed, json.path("condition").isObject());
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
