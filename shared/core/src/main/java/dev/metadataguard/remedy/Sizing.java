package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.gke.InstanceGroups;
import java.util.List;
import java.util.Optional;

/**
 * How many nodes a replacement starts with, per zone, and so how big it must be before the original is
 * retired: the original's nodes per zone now, the sum of its managed instance groups' {@code targetSize}
 * over its zones (rounded up, so an uneven spread never shrinks). GKE never updates {@code initial_node_count}
 * after a resize or an autoscaler's move, so only the groups tell the current size. A pool's
 * {@code initial_node_count} is per zone: "the number of nodes in the node pool in each of the node pool's
 * zones" ({@code gcloud container node-pools create --num-nodes}; the Terraform provider's
 * {@code initial_node_count}: "in regional or multi-zonal clusters, this is the number of nodes per zone").
 * During a blue-green upgrade the pool lists both colours' groups ({@code instance_group_urls}: "the URLs
 * contain both blue and green resources"), so the sum over-counts: the replacement comes out bigger,
 * never smaller.
 *
 * @param settled every group is stable (Compute's {@code status.isStable}: no instance is being created,
 *                deleted or changed), so the nodes counted exist
 * @param unread  empty when the size was read from the groups; else why not, and the size is the
 *                original's {@code initial_node_count}, which cannot be trusted: the original is then never retired
 */
record Sizing(int perZone, int zones, boolean settled, Optional<String> unread) {

    /**
     * @throws ApiFailure when a retry can help; any other failure to read leaves {@link #unread} set
     */
    static Sizing of(NodePool pool, InstanceGroups groups) {
        int zones = Math.max(1, pool.getLocationsCount());
        List<String> urls = pool.getInstanceGroupUrlsList();
        if (urls.isEmpty()) {
            return fallback(pool, zones, "node pool " + pool.getName() + " lists no managed instance groups");
        }
        int total = 0;
        boolean settled = true;
        try {
            for (String url : urls) {
                InstanceGroups.Group group = groups.get(InstanceGroups.GroupRef.parse(url));
                total += group.targetSize();
                settled &= group.stable();
            }
        } catch (ApiFailure failure) {
            if (failure.kind().retryable()) {
                throw failure;
            }
            return fallback(pool, zones, failure.getMessage());
        }
        return new Sizing((total + zones - 1) / zones, zones, settled, Optional.empty());
    }

    private static Sizing fallback(NodePool pool, int zones, String why) {
        return new Sizing(pool.getInitialNodeCount(), zones, false, Optional.of(why));
    }

    int total() {
        return perZone * zones;
    }

    /** "7 nodes per zone in 1 zone". */
    String describe() {
        return perZone + (perZone == 1 ? " node" : " nodes") + " per zone in " + zones + (zones == 1 ? " zone" : " zones");
    }

    /** The replacement starts at this size; autoscaling, when on, keeps the original's limits (copied with the shape). */
    NodePool applyTo(NodePool spec) {
        return spec.toBuilder().setInitialNodeCount(perZone).build();
    }
}
