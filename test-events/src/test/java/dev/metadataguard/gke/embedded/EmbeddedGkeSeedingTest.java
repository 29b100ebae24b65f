package dev.metadataguard.gke.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig.Mode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.gke.NodeMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seeding from the {@code protoPayload.request} of audit entries, in the shapes real entries have, and
 * from live clusters as gcloud lists them.
 */
class EmbeddedGkeSeedingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Audit resource names use zones/ where requests use locations/. */
    private static final ResourceRef CLUSTER = ResourceRef.parse("projects/p1/zones/us-east1-d/clusters/gke").orElseThrow();

    private final GkeTestBed bed = new GkeTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private boolean seed(ResourceRef resource, String request) {
        return bed.embedded.seedFromAuditRequest(resource.name(), json(request));
    }

    private Mode mode(ResourceRef pool) {
        return bed.gke.getNodePool(pool).getConfig().getWorkloadMetadataConfig().getMode();
    }

    @Test
    void clusterRequestWithNodePoolsUnderConfigSeedsRunningPools() {
        boolean created = seed(CLUSTER, """
                {'@type': 'type.googleapis.com/google.container.v1alpha1.CreateClusterRequest',
                 'parent': 'projects/p1/locations/us-east1-d',
                 'cluster': {'name': 'gke', 'shieldedNodes': {}, 'futureField': {'x': 1},
                   'nodePools': [{'name': 'default-pool', 'initialNodeCount': 1, 'maxPodsConstraint': {},
                     'config': {'machineType': 'e2-small', 'diskSizeGb': 30,
                                'metadata': {'disable-legacy-endpoints': 'true'}}}]}}
                """);

        Cluster cluster = bed.gke.getCluster(CLUSTER);
        assertTrue(created);
        assertEquals(Cluster.Status.RUNNING, cluster.getStatus());
        NodePool pool = cluster.getNodePools(0);
        assertEquals(NodePool.Status.RUNNING, pool.getStatus());
        assertEquals("e2-small", pool.getConfig().getMachineType());
        assertEquals(30, pool.getConfig().getDiskSizeGb());
        assertEquals("default", pool.getConfig().getServiceAccount());
        assertEquals(Mode.MODE_UNSPECIFIED, pool.getConfig().getWorkloadMetadataConfig().getMode());
        assertFalse(bed.embedded.isPlaceholder(CLUSTER.name()));
    }

    @Test
    void deprecatedNodeConfigRequestSeedsDefaultPool() {
        seed(CLUSTER, """
                {'cluster': {'name': 'gke', 'initialNodeCount': 2,
                  'nodeConfig': {'serviceAccount': 'nodes@p1.iam.gserviceaccount.com',
                                 'oauthScopes': ['https://www.googleapis.com/auth/cloud-platform']}}}
                """);

        NodePool pool = bed.gke.getNodePool(CLUSTER.withNodePool("default-pool"));
        assertEquals(2, pool.getInitialNodeCount());
        assertEquals("nodes@p1.iam.gserviceaccount.com", pool.getConfig().getServiceAccount());
        assertEquals(List.of("https://www.googleapis.com/auth/cloud-platform"), pool.getConfig().getOauthScopesList());
    }

    @Test
    void requestWithoutNodeSettingsSeedsDefaultPoolOfDefaults() {
        seed(CLUSTER, "{'cluster': {'name': 'gke', 'autopilot': {}, 'networkConfig': {}}}");

        NodeConfig config = bed.gke.getNodePool(CLUSTER.withNodePool("default-pool")).getConfig();
        assertEquals("default", config.getServiceAccount());
        assertEquals(Map.of("disable-legacy-endpoints", "true"), config.getMetadataMap());
        assertEquals(Mode.MODE_UNSPECIFIED, config.getWorkloadMetadataConfig().getMode());
    }

    @Test
    void v1beta1MetadataServerAndIdentityNamespaceMapOntoV1() {
        seed(CLUSTER, """
                {'cluster': {'name': 'gke', 'workloadIdentityConfig': {'identityNamespace': 'p1.svc.id.goog'},
                  'nodePools': [{'name': 'a', 'config': {'workloadMetadataConfig': {'nodeMetadata': 'GKE_METADATA_SERVER'}}},
                                {'name': 'b', 'config': {'workloadMetadataConfig': {'nodeMetadata': 'EXPOSE'}}}]}}
                """);

        assertEquals("p1.svc.id.goog", bed.gke.getCluster(CLUSTER).getWorkloadIdentityConfig().getWorkloadPool());
        assertEquals(Mode.GKE_METADATA, mode(CLUSTER.withNodePool("a")));
        assertEquals(Mode.GCE_METADATA, mode(CLUSTER.withNodePool("b")));
        assertEquals(new NodeMetadata.Read(Optional.of("GKE_METADATA_SERVER")), bed.gke.getNodeMetadata(CLUSTER.withNodePool("a")));
        assertEquals(new NodeMetadata.Read(Optional.of("EXPOSE")), bed.gke.getNodeMetadata(CLUSTER.withNodePool("b")));
    }

    @Test
    void secureConcealmentLeavesModeUnsetAndIsRecorded() {
        seed(CLUSTER, """
                {'cluster': {'name': 'gke', 'initialNodeCount': 1,
                  'nodeConfig': {'workloadMetadataConfig': {'nodeMetadata': 'SECURE'}}}}
                """);

        ResourceRef pool = CLUSTER.withNodePool("default-pool");
        assertEquals(Mode.MODE_UNSPECIFIED, mode(pool));
        assertEquals(new NodeMetadata.Read(Optional.of("SECURE")), bed.gke.getNodeMetadata(pool));
    }

    @Test
    void v1ModeWinsOverV1beta1NodeMetadata() {
        seed(CLUSTER, "{'cluster': {'name': 'gke'}}");
        seed(CLUSTER.withNodePool("np"), """
                {'nodePool': {'name': 'np', 'config': {'workloadMetadataConfig': {'mode': 'GCE_METADATA', 'nodeMetadata': 'SECURE'}}}}
                """);

        assertEquals(Mode.GCE_METADATA, mode(CLUSTER.withNodePool("np")));
    }

    @Test
    void aRequestGkeWouldRefuseSeedsNothing() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> seed(
                CLUSTER.withNodePool("np"), """
                {'parent': 'projects/p1/locations/us-east1-d/clusters/gke',
                 'nodePool': {'name': 'np', 'config': {'metadata': {'kube-env': 'KUBELET_CERT: forged'}}}}
                """));

        assertTrue(refused.getMessage().contains("\"kube-env\" is a reserved key"), refused.getMessage());
        assertFalse(bed.embedded.isPlaceholder(CLUSTER.name()), "no placeholder cluster was made for it");
    }

    @Test
    void nodePoolRequestIntoKnownClusterResolvesModeFromItsWorkloadIdentity() {
        seed(CLUSTER, "{'cluster': {'name': 'gke', 'workloadIdentityConfig': {'workloadPool': 'p1.svc.id.goog'}}}");

        boolean created = seed(CLUSTER.withNodePool("np"), """
                {'@type': 'type.googleapis.com/google.container.v1alpha1.CreateNodePoolRequest',
                 'parent': 'projects/p1/locations/us-east1-d/clusters/gke',
                 'nodePool': {'name': 'np', 'initialNodeCount': 3, 'config': {'machineType': 'e2-standard-8'}}}
                """);

        assertTrue(created);
        assertEquals(Mode.GKE_METADATA, mode(CLUSTER.withNodePool("np")));
        assertEquals(new NodeMetadata.Read(Optional.empty()), bed.gke.getNodeMetadata(CLUSTER.withNodePool("np")));
    }

    @Test
    void nodePoolRequestForUnseenClusterMakesPlaceholderAndLeavesModeUnresolved() {
        seed(CLUSTER, "{'nodePool': {'name': 'np', 'config': {'oauthScopes': ['https://www.googleapis.com/auth/cloud-platform']}}}");

        NodePool pool = bed.gke.getNodePool(CLUSTER.withNodePool("np"));
        assertTrue(bed.embedded.isPlaceholder(CLUSTER.name()));
        assertEquals(Mode.MODE_UNSPECIFIED, pool.getConfig().getWorkloadMetadataConfig().getMode());
        assertEquals("default", pool.getConfig().getServiceAccount());
        assertEquals(List.of("np"), bed.gke.getCluster(CLUSTER).getNodePoolsList().stream().map(NodePool::getName).toList());
    }

    @Test
    void clusterRequestSeenAfterItsPoolReplacesPlaceholderAndResolvesThePool() {
        seed(CLUSTER.withNodePool("np"), "{'nodePool': {'name': 'np', 'config': {'machineType': 'n2-standard-2'}}}");

        boolean created = seed(CLUSTER, "{'cluster': {'name': 'gke', 'workloadIdentityConfig': {'workloadPool': 'p1.svc.id.goog'}}}");

        assertTrue(created);
        assertFalse(bed.embedded.isPlaceholder(CLUSTER.name()));
        assertEquals(List.of("default-pool", "np"),
                bed.gke.getCluster(CLUSTER).getNodePoolsList().stream().map(NodePool::getName).toList());
        assertEquals("n2-standard-2", bed.gke.getNodePool(CLUSTER.withNodePool("np")).getConfig().getMachineType());
        assertEquals(Mode.GKE_METADATA, mode(CLUSTER.withNodePool("np")));
    }

    @Test
    void seedingTheSameResourceAgainKeepsTheFirst() {
        seed(CLUSTER, "{'cluster': {'name': 'gke', 'nodeConfig': {'machineType': 'e2-small'}}}");
        seed(CLUSTER.withNodePool("np"), "{'nodePool': {'name': 'np', 'config': {'machineType': 'e2-small'}}}");

        boolean clusterAgain = seed(CLUSTER, "{'cluster': {'name': 'gke', 'nodeConfig': {'machineType': 'e2-large'}}}");
        boolean poolAgain = seed(CLUSTER.withNodePool("np"), "{'nodePool': {'name': 'np', 'config': {'machineType': 'e2-large'}}}");

        assertFalse(clusterAgain);
        assertFalse(poolAgain);
        assertEquals("e2-small", bed.gke.getNodePool(CLUSTER.withNodePool("default-pool")).getConfig().getMachineType());
        assertEquals("e2-small", bed.gke.getNodePool(CLUSTER.withNodePool("np")).getConfig().getMachineType());
    }

    @Test
    void nodePoolNameComesFromTheRequestWhenTheResourceIsTheCluster() {
        seed(CLUSTER, "{'nodePool': {'name': 'from-request'}}");

        assertEquals("from-request", bed.gke.getNodePool(CLUSTER.withNodePool("from-request")).getName());
    }

    @Test
    void requestThatCreatesNothingIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> seed(CLUSTER, "{'@type': 'type.googleapis.com/google.container.v1alpha1.DeleteClusterRequest', 'name': 'x'}"));

        assertEquals("not a CreateCluster or CreateNodePool request: it has neither cluster nor nodePool", e.getMessage());
    }

    @Test
    void requestThatDoesNotFitV1IsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> seed(CLUSTER, "{'cluster': {'name': 'gke', 'initialNodeCount': 'many'}}"));
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class, () -> seed(CLUSTER,
                "{'cluster': {'name': 'gke', 'nodePools': [{'name': 'a', 'config': {'metadata': {'k': 7}}}]}}"));

        assertEquals("protoPayload.request.cluster.initialNodeCount: \"many\" is not an integer", e.getMessage());
        assertEquals("protoPayload.request.cluster.nodePools[0].config.metadata[\"k\"]: 7 is not a string",
                deep.getMessage());
    }

    @Test
    void builderSeedIsIdempotentToo() {
        boolean first = bed.embedded.seed(CLUSTER.name(), Cluster.getDefaultInstance());
        boolean second = bed.embedded.seed(CLUSTER.name(), Cluster.getDefaultInstance());
        boolean pool = bed.embedded.seed(CLUSTER.name(), NodePool.newBuilder().setName("np").build());
        boolean poolAgain = bed.embedded.seed(CLUSTER.name(), NodePool.newBuilder().setName("np").build());

        assertEquals(List.of(true, false, true, false), List.of(first, second, pool, poolAgain));
    }

    // ---- a live cluster as gcloud prints it, read back through the real client ----

    private static final ResourceRef LIVE_CLUSTER = ResourceRef.cluster("p1", "europe-west1-b", "payments");

    private static final String LIVE = """
            {'name': 'payments', 'status': 'RUNNING', 'currentMasterVersion': '1.30.5-gke.1014001',
             'selfLink': 'https://container.googleapis.com/v1/projects/p1/zones/europe-west1-b/clusters/payments',
             'endpoint': '34.76.12.34', 'createTime': '2025-03-14T09:26:53+00:00', 'currentNodeCount': 4,
             'workloadIdentityConfig': {'workloadPool': 'p1.svc.id.goog'},
             'anonymousAuthenticationConfig': {'mode': 'ENABLED'}, 'someFieldNotYetInAnyProto': [1, 2],
             'nodePools': [
               {'name': 'default-pool', 'status': 'RUNNING', 'initialNodeCount': 3, 'version': '1.30.5-gke.1014001',
                'config': {'machineType': 'e2-medium', 'serviceAccount': 'default',
                           'metadata': {'disable-legacy-endpoints': 'true'}}},
               {'name': 'secure', 'status': 'RECONCILING', 'initialNodeCount': 1,
                'config': {'machineType': 'e2-standard-4', 'workloadMetadataConfig': {'mode': 'GKE_METADATA'}}}]}
            """;

    @Test
    void aLiveClusterReadsBackAsListedWithItsOutputOnlyFields() {
        bed.embedded.seedLive(LIVE_CLUSTER.name(), json(LIVE), false);

        Cluster cluster = bed.gke.getCluster(LIVE_CLUSTER);
        assertEquals(Cluster.Status.RUNNING, cluster.getStatus());
        assertEquals("1.30.5-gke.1014001", cluster.getCurrentMasterVersion());
        assertEquals("https://container.googleapis.com/v1/projects/p1/zones/europe-west1-b/clusters/payments",
                cluster.getSelfLink());
        assertEquals("34.76.12.34", cluster.getEndpoint());
        assertEquals(2, cluster.getNodePoolsCount());
        NodePool secure = bed.gke.getNodePool(LIVE_CLUSTER.withNodePool("secure"));
        assertEquals(NodePool.Status.RECONCILING, secure.getStatus(), "a listed status is kept, not made RUNNING");
    }

    @Test
    void anUnsetModeOnALivePoolStaysUnsetEvenUnderWorkloadIdentity() {
        bed.embedded.seedLive(LIVE_CLUSTER.name(), json(LIVE), false);

        // GKE writes GKE_METADATA on the pools it creates under Workload Identity; a live pool without
        // a mode predates it and was left as it was, so no default may be filled in here.
        assertEquals(Mode.MODE_UNSPECIFIED,
                bed.gke.getNodePool(LIVE_CLUSTER.withNodePool("default-pool")).getConfig().getWorkloadMetadataConfig().getMode());
        assertEquals(3, bed.embedded.nodeCount(LIVE_CLUSTER.withNodePool("default-pool").name()).orElseThrow());
    }

    @Test
    void aLaterListingReplacesTheClusterWithItsPools() {
        bed.embedded.seedLive(LIVE_CLUSTER.name(), json(LIVE), false);
        bed.embedded.seedLive(LIVE_CLUSTER.name(), json("""
                {'name': 'payments', 'status': 'RUNNING', 'nodePools': [{'name': 'secure', 'status': 'RUNNING',
                 'config': {'workloadMetadataConfig': {'mode': 'GKE_METADATA'}}}]}
                """), false);

        assertEquals(1, bed.gke.getCluster(LIVE_CLUSTER).getNodePoolsCount());
        assertEquals(NodePool.Status.RUNNING, bed.gke.getNodePool(LIVE_CLUSTER.withNodePool("secure")).getStatus());
    }

    @Test
    void aV1beta1ListingKeepsTheConcealmentItShows() {
        bed.embedded.seedLive(LIVE_CLUSTER.name(), json("""
                {'name': 'payments', 'status': 'RUNNING', 'nodePools': [{'name': 'legacy', 'status': 'RUNNING',
                 'config': {'workloadMetadataConfig': {'nodeMetadata': 'SECURE'}}}]}
                """), true);

        assertEquals(new NodeMetadata.Read(Optional.of("SECURE")), bed.gke.getNodeMetadata(LIVE_CLUSTER.withNodePool("legacy")));
    }

    /**
     * v1 WorkloadMetadataConfig has only {@code mode}; SECURE is v1beta1's deprecated {@code node_metadata}. A pool a
     * v1 listing shows without a mode may be concealed or exposed: the v1beta1 read refuses to guess.
     */
    @Test
    void aV1ListingLeavesTheConcealmentOfAPoolWithoutAModeUnknown() {
        bed.embedded.seedLive(LIVE_CLUSTER.name(), json(LIVE), false);
        ResourceRef unset = LIVE_CLUSTER.withNodePool("default-pool");

        assertTrue(bed.embedded.nodeMetadataUnknown(unset.name()));
        assertFalse(bed.embedded.nodeMetadataUnknown(LIVE_CLUSTER.withNodePool("secure").name()), "its v1 mode says");
        ApiFailure refused = assertThrows(ApiFailure.class, () -> bed.gke.getNodeMetadata(unset));
        assertTrue(refused.getMessage().contains("cannot show workload_metadata_config.node_metadata"), refused.getMessage());

        bed.embedded.seedLive(LIVE_CLUSTER.name(), json(LIVE), true);
        assertFalse(bed.embedded.nodeMetadataUnknown(unset.name()), "a v1beta1 listing would have shown it");
        assertEquals(new NodeMetadata.Read(Optional.empty()), bed.gke.getNodeMetadata(unset));
    }

    private static final String GROUP = "https://www.googleapis.com/compute/v1/projects/p1/zones/%s/instanceGroupManagers/gke-payments-%s-grp";

    /** A listed pool of {@code initial} nodes per zone in europe-west1-b and -c, with its two instance groups. */
    private static String listedPool(String name, int initial) {
        return "{'name': '%s', 'status': 'RUNNING', 'initialNodeCount': %d, 'locations': ['europe-west1-b', 'europe-west1-c'],"
                .formatted(name, initial) + " 'instanceGroupUrls': ['" + GROUP.formatted("europe-west1-b", name) + "', '"
                + GROUP.formatted("europe-west1-c", name) + "'], 'config': {'workloadMetadataConfig': {'mode': 'GKE_METADATA'}}}";
    }

    /** GKE never updates initial_node_count after a resize: a lone pool holds the cluster's current nodes. */
    @Test
    void aLonePoolHoldsTheListedCurrentNodesNotItsInitialCount() {
        bed.embedded.seedLive(LIVE_CLUSTER.name(), json("{'name': 'payments', 'status': 'RUNNING', 'currentNodeCount': 10,"
                + " 'nodePools': [" + listedPool("grown", 1) + "]}"), true);

        assertEquals(5, bed.embedded.nodeCount(LIVE_CLUSTER.withNodePool("grown").name()).orElseThrow());
        try (ComputeInstanceGroups compute = ComputeInstanceGroups.forEndpoint(bed.embedded.computeEndpoint())) {
            assertEquals(5, compute.get(InstanceGroups.GroupRef.parse(GROUP.formatted("europe-west1-c", "grown"))).targetSize());
        }
    }

    /** Several pools share the total: their initial counts stand only where they add up to it. */
    @Test
    void poolsWhoseInitialCountsDoNotAddUpToTheListedTotalHaveNoKnownSize() {
        bed.embedded.seedLive(LIVE_CLUSTER.name(), json("{'name': 'payments', 'status': 'RUNNING', 'currentNodeCount': 8,"
                + " 'nodePools': [" + listedPool("a", 1) + ", " + listedPool("b", 3) + "]}"), true);
        assertEquals(List.of(1, 3), List.of(bed.embedded.nodeCount(LIVE_CLUSTER.withNodePool("a").name()).orElseThrow(),
                bed.embedded.nodeCount(LIVE_CLUSTER.withNodePool("b").name()).orElseThrow()));

        bed.embedded.seedLive(LIVE_CLUSTER.name(), json("{'name': 'payments', 'status': 'RUNNING', 'currentNodeCount': 12,"
                + " 'nodePools': [" + listedPool("a", 1) + ", " + listedPool("b", 3) + "]}"), true);

        assertEquals(OptionalInt.empty(), bed.embedded.nodeCount(LIVE_CLUSTER.withNodePool("a").name()));
        assertEquals(12, bed.gke.getCluster(LIVE_CLUSTER).getCurrentNodeCount(), "the listing's own total stands");
        try (ComputeInstanceGroups compute = ComputeInstanceGroups.forEndpoint(bed.embedded.computeEndpoint())) {
            ApiFailure unknown = assertThrows(ApiFailure.class,
                    () -> compute.get(InstanceGroups.GroupRef.parse(GROUP.formatted("europe-west1-b", "a"))));
            assertEquals(FailureKind.NOT_FOUND, unknown.kind());
            assertTrue(unknown.getMessage().contains("does not tell how many nodes"), unknown.getMessage());
        }
    }

    @Test
    void aListingThatBreaksGkesRulesIsRefusedWithWhatIsWrong() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> bed.embedded.seedLive(LIVE_CLUSTER.name(),
                json("{'name': 'payments', 'nodePools': [{'name': 'a'}, {'name': 'a'}]}"), true));
        assertTrue(twice.getMessage().contains("node pool \"a\" twice"), twice.getMessage());
        IllegalArgumentException badType = assertThrows(IllegalArgumentException.class, () -> bed.embedded.seedLive(LIVE_CLUSTER.name(),
                json("{'name': 'payments', 'nodePools': {'name': 'a'}}"), true));
        assertTrue(badType.getMessage().startsWith("listed cluster " + LIVE_CLUSTER + " does not fit the v1 Cluster"),
                badType.getMessage());
    }
}
