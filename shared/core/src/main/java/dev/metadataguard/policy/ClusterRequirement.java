package dev.metadataguard.policy;

import com.google.container.v1.Cluster;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.fix.Gcloud;
import java.util.List;

/**
 * What a check's settings need of the cluster before GKE takes them ({@link Check#clusterRequirements}). The
 * replacer sees to each requirement of the checks whose settings it writes, and a ticket's fix starts with its
 * step; neither knows which check needs what.
 */
public enum ClusterRequirement {

    /**
     * {@code WorkloadMetadataConfig.Mode.GKE_METADATA}: "This feature can only be enabled if Workload Identity is
     * enabled at the cluster level" (Container API v1, {@code cluster_service.proto}).
     */
    WORKLOAD_IDENTITY("Workload Identity", "the GKE metadata server (GKE_METADATA) needs it") {
        @Override
        public boolean metBy(Cluster cluster) {
            return !cluster.getWorkloadIdentityConfig().getWorkloadPool().isEmpty();
        }

        @Override
        public FixStep step(ResourceRef resource) {
            return new FixStep("The GKE metadata server needs Workload Identity on the cluster. If the first"
                    + " command prints nothing, enable it with the second.", List.of(
                    Gcloud.describeWorkloadPool(resource), Gcloud.enableWorkloadIdentity(resource)));
        }
    };

    private final String feature;
    private final String neededBecause;

    ClusterRequirement(String feature, String neededBecause) {
        this.feature = feature;
        this.neededBecause = neededBecause;
    }

    /** Its name for people: {@code Workload Identity}. */
    public String feature() {
        return feature;
    }

    /** Why a fix needs it, for a refusal: {@code the GKE metadata server (GKE_METADATA) needs it}. */
    public String neededBecause() {
        return neededBecause;
    }

    /** The cluster as GetCluster returns it has it. */
    public abstract boolean metBy(Cluster cluster);

    /** What a person does to meet it, for the ticket. */
    public abstract FixStep step(ResourceRef resource);
}
