package dev.metadataguard.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which resources a rule or an exemption covers. Every field given must match (they are ANDed);
 * {@code project}, {@code cluster} and {@code nodePool} are globs ({@code *} and {@code ?});
 * {@code label} is {@code key=value} or {@code key} on the cluster's resource labels or the pool's labels;
 * {@code folder} is a folder id, matched against the folders the policy lists for the project.
 */
public record Match(String project, String folder, String label, String cluster, String nodePool) {

    public boolean isEmpty() {
        return project == null && folder == null && label == null && cluster == null && nodePool == null;
    }

    public boolean matches(Target target) {
        return glob(project, target.project())
                && (folder == null || target.folders().contains(folder))
                && (label == null || hasLabel(target.labels()))
                && glob(cluster, target.cluster())
                && glob(nodePool, target.nodePool().orElse(""));
    }

    private boolean hasLabel(Map<String, String> labels) {
        int eq = label.indexOf('=');
        return eq < 0 ? labels.containsKey(label) : label.substring(eq + 1).equals(labels.get(label.substring(0, eq)));
    }

    private static boolean glob(String pattern, String value) {
        return pattern == null || Glob.compile(pattern).matches(value);
    }

    /** What a match is tested against: the resource, its labels and its project's folders. */
    public record Target(String project, Set<String> folders, Map<String, String> labels, String cluster,
                         Optional<String> nodePool) {
    }
}
