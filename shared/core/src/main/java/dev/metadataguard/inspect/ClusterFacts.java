package dev.metadataguard.inspect;

import dev.metadataguard.event.ResourceRef;
import java.util.Optional;

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

    /**
     * Why the pool's legacy concealment ({@code SECURE}, v1beta1 only) cannot be read, when the local mode knows
     * it only from a listing without that field; empty when the v1beta1 GetNodePool tells, as it does in the cloud.
     */
    default Optional<String> concealmentUnread(ResourceRef pool) {
        return Optional.empty();
    }
}
