package dev.metadataguard.policy;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.NodeConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node settings the checks read, from a live node pool's {@code config} or from a cluster's
 * auto-provisioning defaults, so every check works on both.
 *
 * @param field                 path of these settings on the cluster, for evidence
 * @param serviceAccount        as GKE reports it: empty or {@code default} mean the Compute Engine default
 * @param workloadMetadataMode  v1 {@code WorkloadMetadataConfig.Mode} name; {@code MODE_UNSPECIFIED} when unset
 * @param nodeMetadata          the live v1beta1 {@code nodeMetadata} ({@code SECURE}, {@code EXPOSE},
 *                              {@code GKE_METADATA_SERVER}), read when the v1 mode is unset: the v1 API has
 *                              no field for legacy concealment
 * @param modeSetAtCreation     true for the settings of pools not created yet (auto-provisioning
 *                              defaults): GKE resolves their unset mode by the cluster's Workload Identity
 *                              when it creates each pool. False for a live pool, whose unset mode is final.
 * @param config                the whole node config as GKE reports it, for a check that reads more than the above
 */
public record NodeSettings(
        String field,
        String serviceAccount,
        List<String> oauthScopes,
        Map<String, String> metadata,
        String workloadMetadataMode,
        Optional<String> nodeMetadata,
        boolean modeSetAtCreation,
        NodeConfig config) {

    /** A live pool's settings, with the v1beta1 {@code nodeMetadata} GKE reports for it. */
    public static NodeSettings of(String field, NodeConfig config, Optional<String> nodeMetadata) {
        return new NodeSettings(field, config.getServiceAccount(), config.getOauthScopesList(),
                config.getMetadataMap(), modeOf(config), nodeMetadata, false, config);
    }

    /** Auto-provisioned pools take these defaults and, when they are created, the cluster's Workload Identity. */
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
        NodeConfig built = config.build();
        return new NodeSettings(field, built.getServiceAccount(), built.getOauthScopesList(), built.getMetadataMap(),
                modeOf(built), Optional.empty(), true, built);
    }

    /** The v1 mode's name, {@code MODE_UNSPECIFIED} when the field is absent. */
    public static String modeOf(NodeConfig config) {
        return config.hasWorkloadMetadataConfig() ? config.getWorkloadMetadataConfig().getMode().name()
                : "MODE_UNSPECIFIED";
    }

    public NodeSettings withNodeMetadata(Optional<String> value) {
        return new NodeSettings(field, serviceAccount, oauthScopes, metadata, workloadMetadataMode, value,
                modeSetAtCreation, config);
    }

    public boolean modeUnset() {
        return workloadMetadataMode.equals("MODE_UNSPECIFIED") || workloadMetadataMode.isEmpty();
    }

    public boolean usesDefaultServiceAccount() {
        return serviceAccount.isEmpty() || serviceAccount.equals("default")
                || serviceAccount.endsWith("-compute@developer.gserviceaccount.com");
    }
}
