package dev.metadataguard.event;

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

    private static final Pattern NAME = Pattern.compile(
            "^(?://container\\.googleapis\\.com/)?projects/([^/]+)/(?:zones|locations)/([^/]+)"
                    + "/clusters/([^/]+)(?:/nodePools/([^/]+))?$");
    private static final Pattern ZONE = Pattern.compile("^[a-z]+-[a-z]+\\d+-[a-z]$");

    public ResourceRef {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(cluster, "cluster");
    }

    public static ResourceRef cluster(String project, String location, String cluster) {
        return new ResourceRef(project, location, cluster, null);
    }

    /** Parses a cluster or node-pool name; empty when the text is neither. */
    public static Optional<ResourceRef> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
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

    @Override
    public String toString() {
        return name();
    }
}
