package dev.metadataguard.gke.embedded;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which resource a request is about: its {@code name}/{@code parent}, or else the deprecated
 * {@code project_id}/{@code zone}/{@code cluster_id}/{@code node_pool_id} fields, which GKE still honours.
 */
final class RequestNames {

    private static final Pattern LOCATION = Pattern.compile("^projects/([^/]+)/locations/([^/]+)$");
    private static final Pattern OPERATION = Pattern.compile("^projects/([^/]+)/locations/([^/]+)/operations/([^/]+)$");

    private RequestNames() {
    }

    /** A project and a location; location {@code -} means all of them. */
    record Location(String project, String location) {
        boolean contains(ResourceName ref) {
            return project.equals(ref.project()) && ("-".equals(location) || location.equals(ref.location()));
        }
    }

    record OperationName(String project, String location, String id) {
    }

    static ResourceName cluster(String name, String project, String zone, String cluster) {
        ResourceName ref = name.isEmpty() ? deprecated(project, zone, cluster, "") : parsed(name);
        if (ref.isNodePool()) {
            throw Rejections.invalid("Expected a cluster name, got " + name);
        }
        return ref;
    }

    static ResourceName nodePool(String name, String project, String zone, String cluster, String pool) {
        ResourceName ref = name.isEmpty() ? deprecated(project, zone, cluster, pool) : parsed(name);
        if (!ref.isNodePool()) {
            throw Rejections.invalid("Expected a node pool name, got " + name);
        }
        return ref;
    }

    static Location location(String parent, String project, String zone) {
        if (parent.isEmpty()) {
            requireAll(project, zone);
            return new Location(project, zone);
        }
        Matcher m = LOCATION.matcher(parent);
        if (!m.matches()) {
            throw Rejections.invalid("Invalid parent \"" + parent + "\": expected projects/*/locations/*");
        }
        return new Location(m.group(1), m.group(2));
    }

    static OperationName operation(String name, String project, String zone, String id) {
        if (name.isEmpty()) {
            requireAll(project, zone, id);
            return new OperationName(project, zone, id);
        }
        Matcher m = OPERATION.matcher(name);
        if (!m.matches()) {
            throw Rejections.invalid("Invalid operation name \"" + name + "\": expected projects/*/locations/*/operations/*");
        }
        return new OperationName(m.group(1), m.group(2), m.group(3));
    }

    private static ResourceName parsed(String name) {
        return ResourceName.parse(name).orElseThrow(() -> Rejections.invalid("Invalid resource name \"" + name + "\""));
    }

    private static ResourceName deprecated(String project, String zone, String cluster, String pool) {
        requireAll(project, zone, cluster);
        return new ResourceName(project, zone, cluster, pool.isEmpty() ? null : pool);
    }

    private static void requireAll(String... parts) {
        for (String part : parts) {
            if (part.isEmpty()) {
                throw Rejections.invalid("Request names no resource: set name/parent (or the deprecated project_id, zone, ...)");
            }
        }
    }
}
