package dev.metadataguard.gke.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig.Mode;
import dev.metadataguard.event.ResourceRef;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seeding from a live cluster as gcloud prints it, read back through the real client. */
class EmbeddedGkeLiveSeedingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceRef CLUSTER = ResourceRef.cluster("p1", "europe-west1-b", "payments");

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

    private static final String LIVE = """
            {'name': 'payments', 'status': 'RUNNING', 'currentMasterVersion': '1.30.5-gke.1014001',
             'selfLink': 'https://container.googleapis.com/v1/projects/p1/zones/europe-west1-b/clusters/payments',
             'endpoint': '34.76.12.34', 'createTime': '2025-03-14T09:26:53+00:00', 'currentNodeCount': 3,
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
        bed.embedded.seedLive(CLUSTER, json(LIVE));

        Cluster cluster = bed.gke.getCluster(CLUSTER);
        assertEquals(Cluster.Status.RUNNING, cluster.getStatus());
        assertEquals("1.30.5-gke.1014001", cluster.getCurrentMasterVersion());
        assertEquals("https://container.googleapis.com/v1/projects/p1/zones/europe-west1-b/clusters/payments",
                cluster.getSelfLink());
        assertEquals("34.76.12.34", cluster.getEndpoint());
        assertEquals(2, cluster.getNodePoolsCount());
        NodePool secure = bed.gke.getNodePool(CLUSTER.withNodePool("secure"));
        assertEquals(NodePool.Status.RECONCILING, secure.getStatus(), "a listed status is kept, not made RUNNING");
    }

    @Test
    void anUnsetModeOnALivePoolStaysUnsetEvenUnderWorkloadIdentity() {
        bed.embedded.seedLive(CLUSTER, json(LIVE));

        // GKE writes GKE_METADATA on the pools it creates under Workload Identity; a live pool without
        // a mode predates it and was left as it was, so no default may be filled in here.
        assertEquals(Mode.MODE_UNSPECIFIED,
                bed.gke.getNodePool(CLUSTER.withNodePool("default-pool")).getConfig().getWorkloadMetadataConfig().getMode());
        assertEquals(3, bed.embedded.nodeCount(CLUSTER.withNodePool("default-pool")).orElseThrow());
    }

    @Test
    void aLaterListingReplacesTheClusterWithItsPools() {
        bed.embedded.seedLive(CLUSTER, json(LIVE));
        bed.embedded.seedLive(CLUSTER, json("""
                {'name': 'payments', 'status': 'RUNNING', 'nodePools': [{'name': 'secure', 'status': 'RUNNING',
                 'config': {'workloadMetadataConfig': {'mode': 'GKE_METADATA'}}}]}
                """));

        assertEquals(1, bed.gke.getCluster(CLUSTER).getNodePoolsCount());
        assertEquals(NodePool.Status.RUNNING, bed.gke.getNodePool(CLUSTER.withNodePool("secure")).getStatus());
    }

    @Test
    void aV1beta1ListingKeepsTheConcealmentItShows() {
        bed.embedded.seedLive(CLUSTER, json("""
                {'name': 'payments', 'status': 'RUNNING', 'nodePools': [{'name': 'legacy', 'status': 'RUNNING',
                 'config': {'workloadMetadataConfig': {'nodeMetadata': 'SECURE'}}}]}
                """));

        assertEquals(Optional.of("SECURE"), bed.embedded.requestedNodeMetadata(CLUSTER.withNodePool("legacy")));
    }

    @Test
    void aListingThatBreaksGkesRulesIsRefusedWithWhatIsWrong() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> bed.embedded.seedLive(CLUSTER,
                json("{'name': 'payments', 'nodePools': [{'name': 'a'}, {'name': 'a'}]}")));
        assertTrue(twice.getMessage().contains("node pool \"a\" twice"), twice.getMessage());
        IllegalArgumentException badType = assertThrows(IllegalArgumentException.class, () -> bed.embedded.seedLive(CLUSTER,
                json("{'name': 'payments', 'nodePools': {'name': 'a'}}")));
        assertTrue(badType.getMessage().startsWith("listed cluster " + CLUSTER + " does not fit the v1 Cluster"),
                badType.getMessage());
    }
}
