package dev.metadataguard.gke;

import java.util.List;
import java.util.Optional;

/**
 * A pool's legacy v1beta1 {@code workloadMetadataConfig.nodeMetadata}, as far as the source that answered can show
 * it. GKE's v1beta1 GetNodePool always shows it; a source that cannot (an estate known only from a v1 listing) says
 * why, and which values the field may hold, so that a check settles only what all of them agree on.
 */
public sealed interface NodeMetadata {

    /** @param value the field as GKE reports it ({@code SECURE}, {@code EXPOSE}, {@code GKE_METADATA_SERVER}); empty when unset */
    record Read(Optional<String> value) implements NodeMetadata {
    }

    /**
     * @param reason     why the field cannot be read here, and what would read it
     * @param candidates every value it may hold, empty for unset; at least two, or it would be known
     */
    record Unread(String reason, List<Optional<String>> candidates) implements NodeMetadata {
        public Unread {
            candidates = List.copyOf(candidates);
            if (candidates.size() < 2) {
                throw new IllegalArgumentException("an unread field has at least two candidates: " + candidates);
            }
        }
    }
}
