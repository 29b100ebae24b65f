package dev.metadataguard.remedy;

import com.google.container.v1.NodePool;
import dev.metadataguard.policy.Labels;

/**
 * What must be equal between an original pool and its replacement: the pool without its name, without
 * the fields the replacement drops (output only, or the original's own pod-range request) and without
 * the settings the replacement sets to compliant values.
 */
final class Shape {

    private Shape() {
    }

    @SuppressWarnings("deprecation")
    static NodePool of(NodePool pool) {
        NodePool.Builder b = pool.toBuilder().clearName().clearSelfLink().clearInstanceGroupUrls().clearStatus()
                .clearStatusMessage().clearConditions().clearUpdateInfo().clearPodIpv4CidrSize().clearEtag();
        if (b.hasManagement()) {
            b.getManagementBuilder().clearUpgradeOptions();
        }
        if (b.hasAutoscaling()) {
            b.getAutoscalingBuilder().clearAutoprovisioned();
        }
        if (b.hasNetworkConfig()) {
            b.getNetworkConfigBuilder().clearCreatePodRange().clearPodIpv4CidrBlock().clearPodIpv4RangeUtilization()
                    .clearNetworkTierConfig();
        }
        b.getConfigBuilder().clearEffectiveCgroupMode().clearWorkloadMetadataConfig().clearServiceAccount()
                .clearOauthScopes().removeMetadata("disable-legacy-endpoints").removeLabels(Labels.REPLACES);
        return b.build();
    }
}
