package dev.metadataguard.inspect;

import dev.metadataguard.event.ResourceRef;

/**
 * What the local mode knows beyond the Container API: whether a cluster is a placeholder nobody saw
 * created. In the cloud every cluster GKE returns is known.
 */
public interface ClusterFacts {

    ClusterFacts NONE = new ClusterFacts() {
    };

    default boolean isPlaceholder(ResourceRef cluster) {
        return false;
    }
}
