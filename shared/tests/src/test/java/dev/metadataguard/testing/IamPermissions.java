package dev.metadataguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Google's IAM permissions, as the dated snapshot {@code terraform/iam-permissions.json} holds them (the same file
 * {@code terraform/check} checks the custom roles against). A fake that checks a caller's permissions takes the
 * names the code declares through {@link #known}, so a name IAM does not have fails the test that uses it.
 */
public final class IamPermissions {

    /** Where a permission may be held: a project's custom role (and an organisation's), or an organisation's only. */
    public enum Level { PROJECT, ORGANIZATION }

    private static Snapshot snapshot;

    private IamPermissions() {
    }

    private record Snapshot(String date, Set<String> services, Map<String, String> levels) {
    }

    private static synchronized Snapshot snapshot() {
        if (snapshot == null) {
            try {
                JsonNode json = TestEvents.JSON.readTree(TestEvents.root().resolveSibling("terraform/iam-permissions.json")
                        .toFile());
                Set<String> services = new TreeSet<>();
                json.get("services").forEach(s -> services.add(s.asText()));
                Map<String, String> levels = new HashMap<>();
                json.get("permissions").fields().forEachRemaining(e -> levels.put(e.getKey(), e.getValue().asText()));
                snapshot = new Snapshot(json.get("date").asText(), services, levels);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read terraform/iam-permissions.json", e);
            }
        }
        return snapshot;
    }

    /**
     * {@code permissions}, each checked: it exists, and a custom role defined at {@code level} may hold it.
     *
     * @throws IllegalArgumentException naming the first permission that fails, and why
     */
    public static Set<String> known(Collection<String> permissions, Level level) {
        Snapshot s = snapshot();
        for (String permission : permissions) {
            String where = "the IAM permission snapshot terraform/iam-permissions.json (" + s.date() + ")";
            String service = permission.split("\\.", -1)[0];
            if (!s.services().contains(service)) {
                throw new IllegalArgumentException("'" + permission + "': the service '" + service + "' is not in " + where);
            }
            String allowed = s.levels().get(permission);
            if (allowed == null) {
                throw new IllegalArgumentException("'" + permission + "' is not a Google Cloud IAM permission (not in "
                        + where + ")");
            }
            if (allowed.equals("none") || (allowed.equals("organization") && level == Level.PROJECT)) {
                throw new IllegalArgumentException("'" + permission + "' cannot be in a " + level.name().toLowerCase()
                        + "-level custom role (" + where + " says " + allowed + ")");
            }
        }
        return Set.copyOf(permissions);
    }
}
