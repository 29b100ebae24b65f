package dev.metadataguard.event;

import dev.metadataguard.text.Inert;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GKE cluster or node pool, parsed once from any of the name forms GKE logs use:
 * {@code projects/P/zones/Z/clusters/C[/nodePools/N]} (audit {@code resourceName}) and
 * {@code projects/P/locations/L/clusters/C[/nodePools/N]} (request {@code parent}, REST names),
 * zonal or regional. {@link #name()} always gives the {@code locations} form the Container API takes.
 */
public record ResourceRef(String project, String location, String cluster, String nodePool) {

    /**
     * A project id (6-30 of {@code [a-z0-9-]}, "Creating and managing projects"), a domain-scoped one
     * ({@code example.com:id}) or a project number; shorter ids are let through, since only the
     * characters matter to what is built from a name.
     */
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9](?:[-a-z0-9.:]{0,98}[a-z0-9])?");
    /** A zone or region, such as {@code europe-west1-b} or {@code us-central1}. */
    private static final Pattern LOCATION = Pattern.compile("[a-z](?:[-a-z0-9]{0,62}[a-z0-9])?");
    /**
     * Cluster.name in the GKE API reference: "up to 40 characters ... Lowercase letters, numbers, and
     * hyphens only. Must start with a letter. Must end with a number or a letter." GKE holds node-pool
     * names to the same pattern (the one it quotes when it refuses a name).
     */
    private static final Pattern GKE_NAME = Pattern.compile("[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?");

    private static final Pattern NAME = Pattern.compile(
            "^(?://container\\.googleapis\\.com/)?projects/([^/]+)/(?:zones|locations)/([^/]+)"
                    + "/clusters/([^/]+)(?:/nodePools/([^/]+))?$");
    private static final Pattern ZONE = Pattern.compile("^[a-z]+-[a-z]+\\d+-[a-z]$");

    public ResourceRef {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(cluster, "cluster");
        require(PROJECT, project, "project id");
        require(LOCATION, location, "location");
        require(GKE_NAME, cluster, "cluster name");
        if (nodePool != null) {
            require(GKE_NAME, nodePool, "node-pool name");
        }
    }

    /** Whether {@code name} can name a GKE cluster or node pool (GKE's own rule). */
    public static boolean isGkeName(String name) {
        return name != null && GKE_NAME.matcher(name).matches();
    }

    public static ResourceRef cluster(String project, String location, String cluster) {
        return new ResourceRef(project, location, cluster, null);
    }

    /**
     * Parses a cluster or node-pool name; empty when the text is neither, or when a part of it breaks
     * GKE's rules for that part (such a name can only come from a forged or damaged entry).
     */
    public static Optional<ResourceRef> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(name);
        if (!m.matches() || !PROJECT.matcher(m.group(1)).matches() || !LOCATION.matcher(m.group(2)).matches()
                || !isGkeName(m.group(3)) || m.group(4) != null && !isGkeName(m.group(4))) {
            return Optional.empty();
        }
        return Optional.of(new ResourceRef(m.group(1), m.group(2), m.group(3), m.group(4)));
    }

    public boolean isNodePool() {
        return nodePool != null;
    }

    /** Zonal clusters live in a zone such as {@code europe-west1-b}; regional ones in a region. */
    public boolean isZonal() {
        return ZONE.matcher(location).matches();
    }

    public ResourceRef withNodePool(String pool) {
        return new ResourceRef(project, location, cluster, pool);
    }

    public ResourceRef clusterRef() {
        return isNodePool() ? new ResourceRef(project, location, cluster, null) : this;
    }

    public String clusterName() {
        return "projects/" + project + "/locations/" + location + "/clusters/" + cluster;
    }

    public String name() {
        return isNodePool() ? clusterName() + "/nodePools/" + nodePool : clusterName();
    }

    /**
     * The full resource name Cloud Asset Inventory gives the cluster or pool ("Asset names", resource types
     * container.googleapis.com/Cluster and NodePool): {@code //container.googleapis.com/projects/P/zones/Z/clusters/C}
     * for a zonal cluster, {@code .../locations/R/...} for a regional one, {@code /nodePools/N} after it for a pool.
     */
    public String assetName() {
        String path = "//container.googleapis.com/projects/" + project + (isZonal() ? "/zones/" : "/locations/")
                + location + "/clusters/" + cluster;
        return isNodePool() ? path + "/nodePools/" + nodePool : path;
    }

    private static void require(Pattern rule, String value, String what) {
        if (!rule.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + Inert.value(value) + "' is not a GKE " + what);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
