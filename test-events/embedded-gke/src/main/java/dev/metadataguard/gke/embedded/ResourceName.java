package dev.metadataguard.gke.embedded;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster or node pool of the embedded GKE. The fake reads names on its own rather than with the
 * guard's parser: it knows nothing of the guard, so a slip in the guard's reading shows up as a
 * disagreement instead of being mirrored here. Accepts the {@code locations} form the v1 API takes
 * (proto {@code name}: "projects/&#42;/locations/&#42;/clusters/&#42;") and the {@code zones} form of
 * audit {@code resourceName}s, with or without the {@code //container.googleapis.com/} prefix.
 */
record ResourceName(String project, String location, String cluster, String nodePool) {

    private static final Pattern FORM = Pattern.compile(
            "(?://container\\.googleapis\\.com/)?projects/([^/]+)/(?:locations|zones)/([^/]+)/clusters/([^/]+)(?:/nodePools/([^/]+))?");
    /** A zone is a region plus a letter: {@code europe-west1-b}. */
    private static final Pattern ZONE = Pattern.compile("[a-z]+-[a-z]+\\d+-[a-z]");

    static ResourceName cluster(String project, String location, String cluster) {
        return new ResourceName(project, location, cluster, null);
    }

    static Optional<ResourceName> parse(String text) {
        Matcher m = FORM.matcher(text);
        return m.matches() ? Optional.of(new ResourceName(m.group(1), m.group(2), m.group(3), m.group(4))) : Optional.empty();
    }

    /** For the seeding API: a caller's name that does not parse is the caller's mistake. */
    static ResourceName of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(
                "not a cluster or node pool name: \"" + text + "\" (expected projects/P/locations/L/clusters/C[/nodePools/N])"));
    }

    boolean isNodePool() {
        return nodePool != null;
    }

    boolean isZonal() {
        return ZONE.matcher(location).matches();
    }

    ResourceName withNodePool(String pool) {
        return new ResourceName(project, location, cluster, pool);
    }

    ResourceName clusterRef() {
        return cluster(project, location, cluster);
    }

    String clusterName() {
        return "projects/" + project + "/locations/" + location + "/clusters/" + cluster;
    }

    String name() {
        return nodePool == null ? clusterName() : clusterName() + "/nodePools/" + nodePool;
    }

    @Override
    public String toString() {
        return name();
    }
}
