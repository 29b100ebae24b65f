package dev.metadataguard.inspect;

import dev.metadataguard.event.ResourceRef;
import java.util.Optional;

/**
 * What the local mode knows beyond the Container API: whether a cluster is a placeholder nobody saw
 * created, and the concealment a pool's creation request asked for. In the cloud both are absent.
 */
public interface ClusterFacts {

    ClusterFacts NONE = new ClusterFacts() {
    };

    default boolean isPlaceholder(ResourceRef cluster) {
        return false;
    }

    default Optional<String> requestedConcealment(ResourceRef pool) {
        return Optional.empty();
    }
}
