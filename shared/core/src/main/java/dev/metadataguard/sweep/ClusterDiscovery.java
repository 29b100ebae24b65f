package dev.metadataguard.sweep;

import dev.metadataguard.event.ResourceRef;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds every GKE cluster in the deployment's scope, page by page, so a sweep of thousands of clusters
 * never holds them all at once. Failures are thrown as classified {@link dev.metadataguard.api.ApiFailure}s;
 * {@link DiscoveryUnavailable} says the source cannot be used here at all (its API is disabled).
 */
public interface ClusterDiscovery {

    /** Hands each page of clusters to {@code page} as the source returns it. */
    void discover(Consumer<List<ResourceRef>> page);

    /** What the summary calls this source. */
    String source();

    /** The source's API is disabled in the project the guard calls it from. */
    final class DiscoveryUnavailable extends RuntimeException {
        public DiscoveryUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
