package dev.metadataguard.gke.embedded;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterAutoscaling;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.NodePoolUpdateStrategy;
import com.google.container.v1.ShieldedInstanceConfig;
import com.google.container.v1.ShieldedNodes;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * What GKE fills in when a request leaves it out, and the output-only fields it adds. Each value is
 * the one a GET on a real cluster shows for a request that did not set it (see the REST captures).
 */
@SuppressWarnings("deprecation") // GKE still fills the deprecated zone, node_config and node version fields
final class GkeDefaults {

    static final String DEFAULT_POOL = "default-pool";
    static final String VERSION = "1.33.5-gke.1308000";
    /** GKE's default node scopes, in the order a GET lists them. */
    static final List<String> OAUTH_SCOPES = List.of(
            "https://www.googleapis.com/auth/devstorage.read_only",
            "https://www.googleapis.com/auth/logging.write",
            "https://www.googleapis.com/auth/monitoring",
            "https://www.googleapis.com/auth/service.management.readonly",
            "https://www.googleapis.com/auth/servicecontrol",
            "https://www.googleapis.com/auth/trace.append");
    private static final String LEGACY_ENDPOINTS = "disable-legacy-endpoints";
    /** Without node pools or initial_node_count, GKE's default-pool has 3 nodes per zone. */
    private static final int DEFAULT_NODE_COUNT = 3;

    private GkeDefaults() {
    }

    /** The cluster with defaults and output-only fields, without its node pools (see {@link #initialPools}). */
    static Cluster cluster(ResourceName ref, Cluster spec) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Cluster.Builder b = spec.toBuilder()
                .setName(ref.cluster())
                .clearNodePools()
                // Deprecated request-only shape: GKE turns it into default-pool and mirrors that pool's
                // config back into node_config on GET (done by the store).
                .clearNodeConfig()
                .clearInitialNodeCount()
                .setSelfLink(selfLink(ref))
                .setZone(ref.location())
                .setLocation(ref.location())
                .setCreateTime(now)
                .setId(UUID.randomUUID().toString().replace("-", ""))
                .setInitialClusterVersion(spec.getInitialClusterVersion().isEmpty() ? VERSION : spec.getInitialClusterVersion())
                .setCurrentMasterVersion(VERSION)
                .setCurrentNodeVersion(VERSION);
        if (spec.getLocationsCount() == 0) {
            // A zonal cluster's nodes live in its zone; a regional one gets three zones of its region.
            b.addAllLocations(ref.isZonal()
                    ? List.of(ref.location())
                    : List.of(ref.location() + "-a", ref.location() + "-b", ref.location() + "-c"));
        }
        if (spec.getAutopilot().getEnabled()) {
            autopilot(ref, b);
        }
        return b.build();
    }

    /**
     * Autopilot always runs Workload Identity with the project's pool, shielded nodes, and node
     * auto-provisioning with default-SA, default-scope pools.
     */
    private static void autopilot(ResourceName ref, Cluster.Builder b) {
        if (b.getWorkloadIdentityConfig().getWorkloadPool().isEmpty()) {
            b.setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool(ref.project() + ".svc.id.goog"));
        }
        b.setShieldedNodes(ShieldedNodes.newBuilder().setEnabled(true));
        ClusterAutoscaling.Builder autoscaling = b.getAutoscaling().toBuilder().setEnableNodeAutoprovisioning(true);
        if (!autoscaling.hasAutoprovisioningNodePoolDefaults()
                || autoscaling.getAutoprovisioningNodePoolDefaults().getServiceAccount().isEmpty()) {
            autoscaling.setAutoprovisioningNodePoolDefaults(AutoprovisioningNodePoolDefaults.newBuilder()
                    .addAllOauthScopes(OAUTH_SCOPES)
                    .setServiceAccount("default"));
        }
        b.setAutoscaling(autoscaling);
    }

    /**
     * The pools a new cluster starts with: the requested ones, or else {@code default-pool} built from
     * the deprecated cluster-level {@code node_config} + {@code initial_node_count} (each defaulted when
     * absent). Autopilot starts with one auto-scaled, shielded {@code default-pool}.
     */
    static List<NodePool> initialPools(ResourceName ref, Cluster spec, Cluster cluster, String computeApi) {
        boolean autopilot = cluster.getAutopilot().getEnabled();
        List<NodePool> requested = spec.getNodePoolsCount() > 0 && !autopilot
                ? spec.getNodePoolsList()
                : List.of(autopilot ? autopilotPool() : NodePool.newBuilder()
                        .setName(DEFAULT_POOL)
                        .setConfig(spec.getNodeConfig())
                        .setInitialNodeCount(spec.getInitialNodeCount() > 0 ? spec.getInitialNodeCount() : DEFAULT_NODE_COUNT)
                        .build());
        return requested.stream()
                .map(pool -> nodePool(ref.withNodePool(pool.getName()), cluster, pool, computeApi))
                .toList();
    }

    private static NodePool autopilotPool() {
        return NodePool.newBuilder()
                .setName(DEFAULT_POOL)
                .setInitialNodeCount(1)
                .setConfig(NodeConfig.newBuilder().setShieldedInstanceConfig(
                        ShieldedInstanceConfig.newBuilder().setEnableSecureBoot(true).setEnableIntegrityMonitoring(true)))
                .setAutoscaling(NodePoolAutoscaling.newBuilder()
                        .setEnabled(true)
                        .setMaxNodeCount(1000)
                        .setLocationPolicy(NodePoolAutoscaling.LocationPolicy.BALANCED))
                .build();
    }

    /**
     * A node pool with defaults and output-only fields; its metadata mode is resolved separately. Its
     * managed instance groups, one per zone, are linked under {@code computeApi} (the embedded Compute
     * Engine) as GKE links them under Compute's API: {@code .../compute/v1/projects/P/zones/Z/instanceGroupManagers/NAME}.
     */
    static NodePool nodePool(ResourceName pool, Cluster cluster, NodePool spec, String computeApi) {
        NodePool.Builder b = spec.toBuilder()
                .setConfig(nodeConfig(spec.getConfig()))
                .setSelfLink(selfLink(pool))
                .setVersion(spec.getVersion().isEmpty() ? VERSION : spec.getVersion())
                .setEtag(UUID.randomUUID().toString())
                .clearInstanceGroupUrls();
        if (spec.getLocationsCount() == 0) {
            b.addAllLocations(cluster.getLocationsList());
        }
        if (!spec.hasManagement()) {
            b.setManagement(NodeManagement.newBuilder().setAutoUpgrade(true).setAutoRepair(true));
        }
        if (!spec.hasUpgradeSettings()) {
            b.setUpgradeSettings(NodePool.UpgradeSettings.newBuilder()
                    .setMaxSurge(1)
                    .setStrategy(NodePoolUpdateStrategy.SURGE));
        }
        // Autopilot's managed instance groups are named gk3-, Standard's gke-.
        String prefix = cluster.getAutopilot().getEnabled() ? "gk3-" : "gke-";
        for (String zone : b.getLocationsList()) {
            b.addInstanceGroupUrls(String.format("%s/compute/v1/projects/%s/zones/%s"
                            + "/instanceGroupManagers/%s%s-%s-%08x-grp", computeApi, pool.project(), zone, prefix, pool.cluster(),
                    pool.nodePool(), (pool.name() + zone).hashCode()));
        }
        return b.build();
    }

    static NodeConfig nodeConfig(NodeConfig given) {
        NodeConfig.Builder b = given.toBuilder();
        if (b.getMachineType().isEmpty()) {
            b.setMachineType("e2-medium");
        }
        if (b.getDiskSizeGb() == 0) {
            b.setDiskSizeGb(100);
        }
        if (b.getDiskType().isEmpty()) {
            b.setDiskType("pd-balanced");
        }
        if (b.getImageType().isEmpty()) {
            b.setImageType("COS_CONTAINERD");
        }
        // The Compute Engine default service account, which GKE reports as the literal "default".
        if (b.getServiceAccount().isEmpty()) {
            b.setServiceAccount("default");
        }
        if (b.getOauthScopesCount() == 0) {
            b.addAllOauthScopes(OAUTH_SCOPES);
        }
        if (!b.containsMetadata(LEGACY_ENDPOINTS)) {
            b.putMetadata(LEGACY_ENDPOINTS, "true");
        }
        return b.build();
    }

    /**
     * An unset workload metadata mode becomes the GKE metadata server on a Workload Identity cluster
     * and the exposed Compute Engine metadata otherwise. (A real Standard cluster without Workload
     * Identity omits the field on GET, which means the same.)
     */
    static NodePool resolveMode(NodePool pool, boolean workloadIdentity) {
        if (pool.getConfig().getWorkloadMetadataConfig().getMode() != WorkloadMetadataConfig.Mode.MODE_UNSPECIFIED) {
            return pool;
        }
        WorkloadMetadataConfig.Mode mode = workloadIdentity
                ? WorkloadMetadataConfig.Mode.GKE_METADATA
                : WorkloadMetadataConfig.Mode.GCE_METADATA;
        return pool.toBuilder()
                .setConfig(pool.getConfig().toBuilder().setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder().setMode(mode)))
                .build();
    }

    static boolean hasWorkloadIdentity(Cluster cluster) {
        return !cluster.getWorkloadIdentityConfig().getWorkloadPool().isEmpty();
    }

    static boolean isAutopilot(Cluster cluster) {
        return cluster.getAutopilot().getEnabled();
    }

    /** Zonal resources link through {@code /zones/}, regional ones through {@code /locations/}. */
    private static String selfLink(ResourceName ref) {
        String kind = ref.isZonal() ? "/zones/" : "/locations/";
        String path = "projects/" + ref.project() + kind + ref.location() + "/clusters/" + ref.cluster()
                + (ref.isNodePool() ? "/nodePools/" + ref.nodePool() : "");
        return "https://container.googleapis.com/v1/" + path;
    }
}
