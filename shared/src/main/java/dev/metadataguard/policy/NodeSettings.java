package dev.metadataguard.policy;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.NodeConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node settings the checks read, from a node pool's {@code config} or from a cluster's
 * auto-provisioning defaults, so every check works on both.
 *
 * @param field                 path of these settings on the cluster, for evidence
 * @param serviceAccount        as GKE reports it: empty or {@code default} mean the Compute Engine default
 * @param workloadMetadataMode  v1 {@code WorkloadMetadataConfig.Mode} name; {@code MODE_UNSPECIFIED} when unset
 * @param requestedConcealment  v1beta1 {@code nodeMetadata} the creation request asked for ({@code SECURE},
 *                              {@code EXPOSE}, ...): the v1 API has no field for legacy concealment
 * @param config                the whole node config as GKE reports it, for a check that reads more than the above
 */
public record NodeSettings(
        String field,
        String serviceAccount,
        List<String> oauthScopes,
        Map<String, String> metadata,
        String workloadMetadataMode,
        Optional<String> requestedConcealment,
        NodeConfig config) {

    public static NodeSettings of(String field, NodeConfig config, Optional<String> requestedConcealment) {
        return new NodeSettings(field, config.getServiceAccount(), config.getOauthScopesList(),
                config.getMetadataMap(),
                config.hasWorkloadMetadataConfig() ? config.getWorkloadMetadataConfig().getMode().name()
                        : "MODE_UNSPECIFIED",
                requestedConcealment, config);
    }

    /** Auto-provisioned pools take these defaults and the cluster's Workload Identity for metadata. */
    public static NodeSettings of(String field, AutoprovisioningNodePoolDefaults defaults) {
        NodeConfig.Builder config = NodeConfig.newBuilder()
                .setServiceAccount(defaults.getServiceAccount())
                .addAllOauthScopes(defaults.getOauthScopesList())
                .putMetadata("disable-legacy-endpoints", "true")
                .setDiskSizeGb(defaults.getDiskSizeGb())
                .setDiskType(defaults.getDiskType())
                .setBootDiskKmsKey(defaults.getBootDiskKmsKey())
                .setImageType(defaults.getImageType());
        if (defaults.hasShieldedInstanceConfig()) {
            config.setShieldedInstanceConfig(defaults.getShieldedInstanceConfig());
        }
        return of(field, config.build(), Optional.empty());
    }

    public boolean usesDefaultServiceAccount() {
        return serviceAccount.isEmpty() || serviceAccount.equals("default")
                || serviceAccount.endsWith("-compute@developer.gserviceaccount.com");
    }
}
