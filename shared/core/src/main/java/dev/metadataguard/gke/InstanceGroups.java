package dev.metadataguard.gke;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The managed instance groups behind a node pool, read with Compute Engine's
 * {@code instanceGroupManagers.get}: v1 NodePool has no field for its current size
 * ({@code initial_node_count} is never updated after a resize), its groups' {@code targetSize} is it.
 * Every method throws {@link ApiFailure} with a {@link FailureKind}.
 */
public interface InstanceGroups {

    /** The REST method, as failures and audit logs name it. */
    String CALL = "compute.instanceGroupManagers.get";
    /** What the caller needs on the pool's project. */
    String PERMISSION = "compute.instanceGroupManagers.get";

    /**
     * One managed instance group.
     *
     * @param targetSize the number of instances the group keeps ("the target number of running instances")
     * @param stable     Compute's {@code status.isStable}: no instance is being created, deleted or changed,
     *                   so {@code targetSize} instances exist
     */
    record Group(GroupRef ref, int targetSize, boolean stable) {
    }

    /** A zonal managed instance group: project, zone, name. */
    record GroupRef(String project, String zone, String name) {

        /**
         * GKE's {@code instance_group_urls} ("the resource URLs of the managed instance groups associated
         * with this node pool"): GetNodePool answers {@code https://www.googleapis.com/compute/v1/projects/P/zones/Z/instanceGroupManagers/NAME};
         * the {@code instanceGroups/NAME} spelling names the same group (a manager and the group it
         * manages share their name), so both are read. The URL's host is never used: the client's
         * endpoint is.
         */
        private static final Pattern URL = Pattern.compile(
                ".*/projects/([^/]+)/zones/([^/]+)/(?:instanceGroupManagers|instanceGroups)/([^/?#]+)");

        public static GroupRef parse(String url) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new ApiFailure(FailureKind.PERMANENT, CALL, "not a zonal managed instance group URL: \"" + url
                        + "\" (expected .../projects/P/zones/Z/instanceGroupManagers/NAME)");
            }
            return new GroupRef(m.group(1), m.group(2), m.group(3));
        }

        @Override
        public String toString() {
            return "projects/" + project + "/zones/" + zone + "/instanceGroupManagers/" + name;
        }
    }

    Group get(GroupRef group);
}
