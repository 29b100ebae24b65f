package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.PROJECT;
import static dev.metadataguard.gke.embedded.GkeTestBed.REGIONAL;
import static dev.metadataguard.gke.embedded.GkeTestBed.WORKLOAD_POOL;
import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Autopilot;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.container.v1.WorkloadMetadataConfig.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.metadataguard.event.ResourceRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("deprecation") // the deprecated request shape and output fields are what is tested
class EmbeddedGkeDefaultsTest {

    private static final List<String> API_SCOPES = List.of("https://www.googleapis.com/auth/logging.write",
            "https://www.googleapis.com/auth/monitoring");

    private final GkeTestBed bed = new GkeTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    /**
     * A pool's config when its request set nothing, on a cluster without Workload Identity: the mode unset
     * (the Compute Engine metadata server), as a GET of such a real cluster shows.
     */
    private static NodeConfig defaultConfig() {
        return NodeConfig.newBuilder()
                .setMachineType("e2-medium")
                .setDiskSizeGb(100)
                .setDiskType("pd-balanced")
                .setImageType("COS_CONTAINERD")
                .setServiceAccount("default")
                .addAllOauthScopes(API_SCOPES)
                .putMetadata("disable-legacy-endpoints", "true")
                .build();
    }

    private static Cluster withWorkloadIdentity() {
        return Cluster.newBuilder()
                .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool(WORKLOAD_POOL))
                .build();
    }

    @Test
    void clusterWithoutNodeSettingsGetsDefaultPoolOfThreeDefaultNodes() {
        Cluster cluster = bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        assertEquals(1, cluster.getNodePoolsCount());
        NodePool pool = cluster.getNodePools(0);
        assertEquals("default-pool", pool.getName());
        assertEquals(3, pool.getInitialNodeCount());
        assertEquals(defaultConfig(), pool.getConfig());
    }

    @Test
    void deprecatedClusterNodeConfigBecomesDefaultPoolAndIsMirroredBack() {
        Cluster cluster = bed.runningCluster(ZONAL, Cluster.newBuilder()
                .setInitialNodeCount(2)
                .setNodeConfig(NodeConfig.newBuilder()
                        .setMachineType("n2-standard-4")
                        .setServiceAccount("nodes@proj-1.iam.gserviceaccount.com")
                        .putMetadata("team", "a"))
                .build());

        NodePool pool = cluster.getNodePools(0);
        assertEquals("default-pool", pool.getName());
        assertEquals(2, pool.getInitialNodeCount());
        assertEquals(defaultConfig().toBuilder()
                .setMachineType("n2-standard-4")
                .setServiceAccount("nodes@proj-1.iam.gserviceaccount.com")
                .putMetadata("team", "a")
                .build(), pool.getConfig());
        assertEquals(pool.getConfig(), cluster.getNodeConfig());
        assertEquals(0, cluster.getInitialNodeCount());
    }

    @Test
    void requestedNodePoolsKeepWhatTheyGiveAndDefaultTheRest() {
        Cluster cluster = bed.runningCluster(ZONAL, Cluster.newBuilder()
                .addNodePools(NodePool.newBuilder().setName("a").setInitialNodeCount(1).setConfig(NodeConfig.newBuilder()
                        .setMachineType("e2-standard-2")
                        .addOauthScopes("https://www.googleapis.com/auth/cloud-platform")
                        .putMetadata("disable-legacy-endpoints", "false")))
                .addNodePools(NodePool.newBuilder().setName("b").setInitialNodeCount(1))
                .build());

        assertEquals(List.of("a", "b"), cluster.getNodePoolsList().stream().map(NodePool::getName).toList());
        NodeConfig a = cluster.getNodePools(0).getConfig();
        assertEquals("e2-standard-2", a.getMachineType());
        assertEquals(List.of("https://www.googleapis.com/auth/cloud-platform"), a.getOauthScopesList());
        assertEquals(Map.of("disable-legacy-endpoints", "false"), a.getMetadataMap());
        assertEquals(defaultConfig(), cluster.getNodePools(1).getConfig());
    }

    @Test
    void unsetModeBecomesGkeMetadataOnWorkloadIdentityCluster() {
        Cluster cluster = bed.runningCluster(ZONAL, withWorkloadIdentity());
        NodePool later = bed.runningPool(ZONAL, NodePool.newBuilder().setName("later").setInitialNodeCount(1).build());

        assertEquals(Mode.GKE_METADATA, cluster.getNodePools(0).getConfig().getWorkloadMetadataConfig().getMode());
        assertEquals(Mode.GKE_METADATA, later.getConfig().getWorkloadMetadataConfig().getMode());
    }

    /**
     * Without Workload Identity GKE leaves the mode unset (a GET of such a cluster omits
     * {@code workloadMetadataConfig}), which on a live pool is the Compute Engine metadata server. Writing
     * GCE_METADATA would hide the difference the guard must read live (DESIGN: "On a live pool an unset mode
     * means the Compute Engine metadata server").
     */
    @Test
    void unsetModeStaysUnsetWithoutWorkloadIdentity() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        NodePool later = bed.runningPool(ZONAL, NodePool.newBuilder().setName("later").setInitialNodeCount(1).build());

        assertEquals(Mode.MODE_UNSPECIFIED, later.getConfig().getWorkloadMetadataConfig().getMode());
        assertEquals(false, later.getConfig().hasWorkloadMetadataConfig());
    }

    /**
     * The API adds no scopes of its own, unlike gcloud's "gke-default" set: "If unspecified, no scopes are
     * added, unless Cloud Logging or Cloud Monitoring are enabled, in which case their required scopes will
     * be added" (v1 NodeConfig.oauth_scopes); both are on unless the cluster says "none" (v1
     * Cluster.logging_service / monitoring_service: "If left as an empty string,
     * logging.googleapis.com/kubernetes will be used").
     */
    @Test
    void scopesLeftOutAreOnlyThoseOfLoggingAndMonitoringAsTheApiAddsThem() {
        Cluster cluster = bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        assertEquals("logging.googleapis.com/kubernetes", cluster.getLoggingService());
        assertEquals("monitoring.googleapis.com/kubernetes", cluster.getMonitoringService());
        assertEquals(API_SCOPES, cluster.getNodePools(0).getConfig().getOauthScopesList());

        Cluster quiet = bed.runningCluster(REGIONAL,
                Cluster.newBuilder().setLoggingService("none").setMonitoringService("none").build());
        assertEquals(List.of(), quiet.getNodePools(0).getConfig().getOauthScopesList());
    }

    @Test
    void explicitModeIsKeptOnWorkloadIdentityCluster() {
        bed.runningCluster(ZONAL, withWorkloadIdentity());
        NodePool exposed = bed.runningPool(ZONAL, NodePool.newBuilder().setName("exposed").setInitialNodeCount(1)
                .setConfig(NodeConfig.newBuilder().setWorkloadMetadataConfig(
                        WorkloadMetadataConfig.newBuilder().setMode(Mode.GCE_METADATA)))
                .build());

        assertEquals(Mode.GCE_METADATA, exposed.getConfig().getWorkloadMetadataConfig().getMode());
    }

    @Test
    void autopilotClusterGetsWorkloadIdentityAndOneManagedPoolOnGkeMetadata() {
        Cluster cluster = bed.runningCluster(REGIONAL, Cluster.newBuilder()
                .setAutopilot(Autopilot.newBuilder().setEnabled(true))
                .build());

        assertEquals(WORKLOAD_POOL, cluster.getWorkloadIdentityConfig().getWorkloadPool());
        assertTrue(cluster.getAutoscaling().getEnableNodeAutoprovisioning());
        assertEquals("default", cluster.getAutoscaling().getAutoprovisioningNodePoolDefaults().getServiceAccount());
        assertEquals(1, cluster.getNodePoolsCount());
        NodePool pool = cluster.getNodePools(0);
        assertEquals("default-pool", pool.getName());
        assertTrue(pool.getAutoscaling().getEnabled());
        assertEquals(Mode.GKE_METADATA, pool.getConfig().getWorkloadMetadataConfig().getMode());
        String group = pool.getInstanceGroupUrls(0);
        // GKE links the groups under Compute's API; the embedded GKE under its own embedded Compute.
        assertTrue(group.matches(java.util.regex.Pattern.quote(bed.embedded.computeEndpoint())
                + "/compute/v1/projects/proj-1/zones/us-central1-a/instanceGroupManagers/gk3-c2-default-pool-[0-9a-f]{8}-grp"),
                group);
    }

    @Test
    void zonalClusterGetsOutputOnlyFieldsForOneZone() {
        Cluster cluster = bed.runningCluster(ZONAL, Cluster.getDefaultInstance());

        assertEquals("https://container.googleapis.com/v1/projects/proj-1/zones/europe-west1-b/clusters/c1", cluster.getSelfLink());
        assertEquals("europe-west1-b", cluster.getLocation());
        assertEquals("europe-west1-b", cluster.getZone());
        assertEquals(List.of("europe-west1-b"), cluster.getLocationsList());
        assertEquals(Cluster.Status.RUNNING, cluster.getStatus());
        assertEquals(3, cluster.getCurrentNodeCount());
        assertEquals(1, cluster.getInstanceGroupUrlsCount());
        assertTrue(Instant.parse(cluster.getCreateTime()).isBefore(Instant.now().plusSeconds(1)));
        NodePool pool = cluster.getNodePools(0);
        assertEquals(cluster.getSelfLink() + "/nodePools/default-pool", pool.getSelfLink());
        assertEquals(NodePool.Status.RUNNING, pool.getStatus());
        assertEquals(cluster.getInstanceGroupUrlsList(), pool.getInstanceGroupUrlsList());
    }

    @Test
    void regionalClusterSpreadsOverThreeZonesAndLinksThroughLocations() {
        Cluster cluster = bed.runningCluster(REGIONAL, Cluster.getDefaultInstance());

        assertEquals("https://container.googleapis.com/v1/projects/" + PROJECT + "/locations/us-central1/clusters/c2",
                cluster.getSelfLink());
        assertEquals(List.of("us-central1-a", "us-central1-b", "us-central1-c"), cluster.getNodePools(0).getLocationsList());
        assertEquals(9, cluster.getCurrentNodeCount());
        assertEquals(3, cluster.getInstanceGroupUrlsCount());
    }

    /** Compute Engine's "Regions and zones": europe-west1 has zones b, c and d, and no a. */
    @Test
    void aRegionalClustersPoolsGetRealZonesOfTheRegion() {
        ResourceRef belgium = ResourceRef.cluster(PROJECT, "europe-west1", "c3");

        Cluster cluster = bed.runningCluster(belgium, Cluster.getDefaultInstance());

        assertEquals(List.of("europe-west1-b", "europe-west1-c", "europe-west1-d"), cluster.getNodePools(0).getLocationsList());
    }

    /** GKE: "Location \"\" does not exist." (estafette/estafette-gke-node-pool-shifter#12), for a zone a region lacks. */
    @Test
    void aZoneItsRegionDoesNotHaveDoesNotExist() {
        com.google.api.gax.rpc.ApiException e = org.junit.jupiter.api.Assertions.assertThrows(
                com.google.api.gax.rpc.ApiException.class,
                () -> bed.createCluster(ResourceRef.cluster(PROJECT, "europe-west1-a", "c4"), Cluster.getDefaultInstance()));
        assertEquals(com.google.api.gax.rpc.StatusCode.Code.INVALID_ARGUMENT, e.getStatusCode().getCode());
        assertTrue(e.getMessage().endsWith("Location \"europe-west1-a\" does not exist."), e.getMessage());
    }

    /**
     * "Access scopes in GKE", Autopilot clusters: on the default service account, without scopes asked for,
     * devstorage.read_only, service.management.readonly, servicecontrol, trace.append, and logging.write and
     * monitoring as Cloud Logging and Monitoring are on; never cloud-platform.
     */
    @Test
    void autopilotNodesOnTheDefaultAccountGetGkesNarrowScopes() {
        Cluster cluster = bed.runningCluster(REGIONAL, Cluster.newBuilder()
                .setAutopilot(Autopilot.newBuilder().setEnabled(true)).build());

        NodeConfig config = cluster.getNodePools(0).getConfig();
        assertEquals("default", config.getServiceAccount());
        assertEquals(List.of("https://www.googleapis.com/auth/devstorage.read_only",
                "https://www.googleapis.com/auth/logging.write", "https://www.googleapis.com/auth/monitoring",
                "https://www.googleapis.com/auth/service.management.readonly",
                "https://www.googleapis.com/auth/servicecontrol", "https://www.googleapis.com/auth/trace.append"),
                config.getOauthScopesList());
    }

    /** "Access scopes in GKE", Autopilot clusters: a custom service account without scopes asked for gets cloud-platform. */
    @Test
    void autopilotNodesOnACustomAccountGetCloudPlatform() {
        String account = "gke-nodes@proj-1.iam.gserviceaccount.com";
        Cluster cluster = bed.runningCluster(REGIONAL, Cluster.newBuilder().setAutopilot(Autopilot.newBuilder().setEnabled(true))
                .setAutoscaling(com.google.container.v1.ClusterAutoscaling.newBuilder().setAutoprovisioningNodePoolDefaults(
                        com.google.container.v1.AutoprovisioningNodePoolDefaults.newBuilder().setServiceAccount(account)))
                .build());

        NodeConfig config = cluster.getNodePools(0).getConfig();
        assertEquals(account, config.getServiceAccount());
        assertEquals(List.of("https://www.googleapis.com/auth/cloud-platform"), config.getOauthScopesList());
    }
}
