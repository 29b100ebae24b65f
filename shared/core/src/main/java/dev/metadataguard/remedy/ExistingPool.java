package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.policy.Labels;
import java.util.Optional;

/**
 * Judges a pool found under a replacement's name: an earlier or concurrent delivery's replacement
 * (success, nothing more to create), or a pool squatting on the name, which a person must sort out.
 */
final class ExistingPool {

    private ExistingPool() {
    }

    /** Why {@code found} is not the compliant replacement of {@code originalPool}; empty when it is. */
    static Optional<String> squatting(NodePool found, String originalPool) {
        String replaces = found.getConfig().getLabelsOrDefault(Labels.REPLACES, "");
        if (!replaces.equals(originalPool)) {
            return Optional.of("node pool " + found.getName() + " already exists and is not the guard's replacement of "
                    + originalPool + " (its label " + Labels.REPLACES + " is "
                    + (replaces.isEmpty() ? "absent" : "\"" + replaces + "\"") + ")");
        }
        WorkloadMetadataConfig.Mode mode = found.getConfig().getWorkloadMetadataConfig().getMode();
        if (mode != WorkloadMetadataConfig.Mode.GKE_METADATA) {
            return Optional.of("node pool " + found.getName() + " is labelled as the replacement of " + originalPool
                    + " but its workload metadata mode is " + mode + ", not GKE_METADATA");
        }
        return Optional.empty();
    }
}
