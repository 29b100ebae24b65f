package dev.metadataguard.gke.embedded;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterAutoscaling;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.NodePoolUpdateStrategy;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.SandboxConfig;
import com.google.container.v1.ShieldedInstanceConfig;
import com.google.container.v1.ShieldedNodes;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What GKE fills in when a request leaves it out, and the output-only fields it adds. Each value is
 * the one a GET on a real cluster shows for a request that did not set it (see the REST captures).
 */
@SuppressWarnings("deprecation") // GKE still fills the deprecated zone, node_config and node version fields
final class GkeDefaults {

    static final String DEFAULT_POOL = "default-pool";
    static final String VERSION = "1.33.5-gke.1308000";
    static final String LOGGING = "logging.googleapis.com/kubernetes";
    static final String MONITORING = "monitoring.googleapis.com/kubernetes";
    static final String LOGGING_SCOPE = "https://www.googleapis.com/auth/logging.write";
    static final String MONITORING_SCOPE = "https://www.googleapis.com/auth/monitoring";
    static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /**
     * The node scopes of Autopilot's auto-provisioning defaults, as a GET of an Autopilot cluster lists
     * them (the REST capture) and "Access scopes in GKE" gives them for Autopilot nodes on the default service
     * account; gcloud sends the same set ("gke-default") for a Standard pool.
     */
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
        // "If left as an empty string, logging.googleapis.com/kubernetes will be used for GKE 1.14+" (v1
        // Cluster.logging_service; monitoring_service the same).
        if (b.getLoggingService().isEmpty()) {
            b.setLoggingService(LOGGING);
        }
        if (b.getMonitoringService().isEmpty()) {
            b.setMonitoringService(MONITORING);
        }
        b.setLabelFingerprint(labelFingerprint(spec.getResourceLabelsMap()));
        if (spec.getLocationsCount() == 0) {
            // A zonal cluster's nodes live in its zone; a regional one gets three real zones of its region.
            b.addAllLocations(ref.isZonal() ? List.of(ref.location()) : Zones.regionalDefault(ref.location()));
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
        b.setAutoscaling(autoscaling(b.getAutoscaling().toBuilder().setEnableNodeAutoprovisioning(true).build()));
    }

    /**
     * Cluster autoscaling with node auto-provisioning's defaults filled in: pools it creates run as the
     * Compute Engine default service account ("default") with the default scopes unless told otherwise.
     */
    static ClusterAutoscaling autoscaling(ClusterAutoscaling given) {
        if (!given.getEnableNodeAutoprovisioning() || given.hasAutoprovisioningNodePoolDefaults()
                && !given.getAutoprovisioningNodePoolDefaults().getServiceAccount().isEmpty()) {
            return given;
        }
        AutoprovisioningNodePoolDefaults.Builder defaults = given.getAutoprovisioningNodePoolDefaults().toBuilder()
                .setServiceAccount("default");
        if (defaults.getOauthScopesCount() == 0) {
            defaults.addAllOauthScopes(OAUTH_SCOPES);
        }
        return given.toBuilder().setAutoprovisioningNodePoolDefaults(defaults).build();
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
                : List.of(autopilot ? autopilotPool(cluster) : NodePool.newBuilder()
                        .setName(DEFAULT_POOL)
                        .setConfig(spec.getNodeConfig())
                        .setInitialNodeCount(spec.getInitialNodeCount() > 0 ? spec.getInitialNodeCount() : DEFAULT_NODE_COUNT)
                        .build());
        return requested.stream()
                .map(pool -> nodePool(ref.withNodePool(pool.getName()), cluster, pool, computeApi))
                .toList();
    }

    /** Its nodes run as the service account the cluster's auto-provisioning defaults name (the default one if none). */
    private static NodePool autopilotPool(Cluster cluster) {
        return NodePool.newBuilder()
                .setName(DEFAULT_POOL)
                .setInitialNodeCount(1)
                .setConfig(NodeConfig.newBuilder().setShieldedInstanceConfig(
                        ShieldedInstanceConfig.newBuilder().setEnableSecureBoot(true).setEnableIntegrityMonitoring(true))
                        .setServiceAccount(cluster.getAutoscaling().getAutoprovisioningNodePoolDefaults().getServiceAccount()))
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
                .setConfig(nodeConfig(spec.getConfig(), cluster))
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

    static NodeConfig nodeConfig(NodeConfig given, Cluster cluster) {
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
        if (cluster.getAutopilot().getEnabled() && b.getOauthScopesCount() == 0) {
            b.addAllOauthScopes(autopilotScopes(b.getServiceAccount(), cluster));
        }
        // The API, unlike gcloud, adds no scopes of its own: "If unspecified, no scopes are added, unless
        // Cloud Logging or Cloud Monitoring are enabled, in which case their required scopes will be added"
        // (v1 NodeConfig.oauth_scopes).
        if (b.getOauthScopesCount() == 0) {
            if (!"none".equals(cluster.getLoggingService())) {
                b.addOauthScopes(LOGGING_SCOPE);
            }
            if (!"none".equals(cluster.getMonitoringService())) {
                b.addOauthScopes(MONITORING_SCOPE);
            }
        }
        if (!b.containsMetadata(LEGACY_ENDPOINTS)) {
            b.putMetadata(LEGACY_ENDPOINTS, "true");
        }
        if (b.getSandboxConfig().getType() == SandboxConfig.Type.GVISOR) {
            sandboxed(b);
        }
        return b.build();
    }

    /**
     * GKE Sandbox nodes carry the label {@code sandbox.gke.io/runtime=gvisor} and the taint
     * {@code sandbox.gke.io/runtime=gvisor:NoSchedule} (the GKE Sandbox guide), and GKE writes both into the pool's
     * own {@code config.labels} and {@code config.taints}, where a GET shows them (hashicorp/terraform#22434: "labels
     * = { "sandbox.gke.io/runtime" = "gvisor" }" and the matching NO_SCHEDULE taint appear on every plan).
     */
    private static void sandboxed(NodeConfig.Builder b) {
        b.putLabels(NodeLabelRules.SANDBOX, "gvisor");
        if (b.getTaintsList().stream().noneMatch(t -> t.getKey().equals(NodeLabelRules.SANDBOX))) {
            b.addTaints(NodeTaint.newBuilder().setKey(NodeLabelRules.SANDBOX).setValue("gvisor")
                    .setEffect(NodeTaint.Effect.NO_SCHEDULE));
        }
    }

    /**
     * What an Autopilot cluster's nodes get when no scopes are asked for ("Access scopes in GKE", Autopilot
     * clusters): on the Compute Engine default service account devstorage.read_only, service.management.readonly,
     * servicecontrol and trace.append, with logging.write and monitoring when Cloud Logging and Cloud Monitoring are
     * on; on a custom service account cloud-platform.
     */
    private static List<String> autopilotScopes(String serviceAccount, Cluster cluster) {
        if (!serviceAccount.equals("default")) {
            return List.of(CLOUD_PLATFORM_SCOPE);
        }
        return OAUTH_SCOPES.stream()
                .filter(scope -> !scope.equals(LOGGING_SCOPE) || !"none".equals(cluster.getLoggingService()))
                .filter(scope -> !scope.equals(MONITORING_SCOPE) || !"none".equals(cluster.getMonitoringService()))
                .toList();
    }

    /**
     * The metadata mode of a pool being created with none requested: GKE writes {@code GKE_METADATA} on
     * the pools it creates under Workload Identity (a real ListClusters response shows
     * {@code workloadMetadataConfig: {mode: GKE_METADATA}}) and leaves the field unset otherwise, as a GET
     * of a Standard cluster without Workload Identity shows (unset being the Compute Engine metadata
     * server). Applied at creation only: the GKE guide "Authenticate to Google Cloud APIs from GKE
     * workloads" (how-to/workload-identity) has existing node pools updated one by one after Workload
     * Identity is enabled on the cluster, since enabling it leaves them as they were.
     */
    static NodePool resolveMode(NodePool pool, boolean workloadIdentity) {
        if (!workloadIdentity
                || pool.getConfig().getWorkloadMetadataConfig().getMode() != WorkloadMetadataConfig.Mode.MODE_UNSPECIFIED) {
            return pool;
        }
        return pool.toBuilder().setConfig(pool.getConfig().toBuilder().setWorkloadMetadataConfig(
                WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GKE_METADATA))).build();
    }

    /** The cluster with {@code labels} as its resource labels and the fingerprint of that set. */
    static Cluster withLabels(Cluster cluster, Map<String, String> labels) {
        return cluster.toBuilder().clearResourceLabels().putAllResourceLabels(labels)
                .setLabelFingerprint(labelFingerprint(labels)).build();
    }

    /** "The fingerprint of the set of labels for this cluster" (v1 Cluster.label_fingerprint): 8 hex digits. */
    private static String labelFingerprint(Map<String, String> labels) {
        return String.format("%08x", new TreeMap<>(labels).toString().hashCode());
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
