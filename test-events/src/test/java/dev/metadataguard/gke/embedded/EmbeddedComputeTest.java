package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.PROJECT;
import static dev.metadataguard.gke.embedded.GkeTestBed.REGIONAL;
import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.InstanceGroups;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded Compute Engine follows the Compute Engine v1 REST reference, "Method:
 * instanceGroupManagers.get" ({@code GET https://compute.googleapis.com/compute/v1/projects/{project}/zones/{zone}/instanceGroupManagers/{instanceGroupManager}},
 * answering the InstanceGroupManager resource) and Compute's error format, read with the real
 * google-cloud-compute client, and raw where the JSON shape itself is the point.
 */
class EmbeddedComputeTest {

    private static final NodePool SPARE = NodePool.newBuilder().setName("spare").setInitialNodeCount(3).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GkeTestBed bed = new GkeTestBed();
    private final ComputeInstanceGroups compute = ComputeInstanceGroups.forEndpoint(bed.embedded.computeEndpoint());

    @AfterEach
    void close() {
        compute.close();
        bed.close();
    }

    private NodePool zonalPool() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        return bed.runningPool(ZONAL, SPARE);
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("httpStatus", response.statusCode());
        return body;
    }

    @Test
    void eachZoneOfAPoolHasAManagedInstanceGroupItsUrlNamesUnderTheEmbeddedCompute() {
        bed.runningCluster(REGIONAL, Cluster.getDefaultInstance());
        NodePool pool = bed.runningPool(REGIONAL, SPARE);

        assertEquals(3, pool.getInstanceGroupUrlsCount(), "one group per zone of us-central1-a, -b, -c");
        for (int i = 0; i < 3; i++) {
            String url = pool.getInstanceGroupUrls(i);
            assertTrue(url.startsWith(bed.embedded.computeEndpoint() + "/compute/v1/projects/" + PROJECT + "/zones/"
                    + pool.getLocations(i) + "/instanceGroupManagers/gke-c2-spare-"), url);
            InstanceGroups.Group group = compute.get(InstanceGroups.GroupRef.parse(url));
            assertEquals(3, group.targetSize(), "a pool's node count is per zone");
            assertTrue(group.stable());
        }
    }

    @Test
    void instanceGroupManagerHasComputesJsonShape() throws Exception {
        NodePool pool = zonalPool();
        String url = pool.getInstanceGroupUrls(0);
        String name = url.substring(url.lastIndexOf('/') + 1);

        JsonNode manager = get(url);

        assertEquals(200, manager.path("httpStatus").asInt());
        assertEquals("compute#instanceGroupManager", manager.path("kind").asText());
        assertEquals(name, manager.path("name").asText());
        assertEquals(3, manager.path("targetSize").asInt());
        assertEquals(url, manager.path("selfLink").asText());
        assertTrue(manager.path("zone").asText().endsWith("/compute/v1/projects/" + PROJECT + "/zones/europe-west1-b"));
        assertTrue(manager.path("instanceGroup").asText().endsWith("/zones/europe-west1-b/instanceGroups/" + name),
                "the group a manager manages has the manager's name");
        assertTrue(manager.path("status").path("isStable").asBoolean());
        assertEquals(3, manager.path("currentActions").path("none").asInt());
        assertEquals(0, manager.path("currentActions").path("creating").asInt());
        assertFalse(manager.path("id").asText().isEmpty());
    }

    @Test
    void targetSizeFollowsSetNodePoolSizeWhileInitialNodeCountStays() {
        NodePool pool = zonalPool();

        bed.gke.setNodePoolSize(ZONAL.withNodePool("spare"), 7);
        bed.embedded.completeAllOperations();

        assertEquals(7, compute.get(InstanceGroups.GroupRef.parse(pool.getInstanceGroupUrls(0))).targetSize());
        assertEquals(3, bed.gke.getNodePool(ZONAL.withNodePool("spare")).getInitialNodeCount());
    }

    @Test
    void groupOfAPoolStillProvisioningIsNotStableYet() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        bed.gke.createNodePool(ZONAL, SPARE);
        NodePool provisioning = bed.gke.getNodePool(ZONAL.withNodePool("spare"));

        InstanceGroups.Group group = compute.get(InstanceGroups.GroupRef.parse(provisioning.getInstanceGroupUrls(0)));

        assertEquals(3, group.targetSize());
        assertFalse(group.stable(), "its instances are still being created");
    }

    @Test
    void unknownGroupIsNotFoundInComputesErrorShape() throws Exception {
        zonalPool();
        String url = bed.embedded.computeEndpoint() + "/compute/v1/projects/" + PROJECT
                + "/zones/europe-west1-b/instanceGroupManagers/gke-nobody-grp";

        JsonNode answer = get(url);
        ApiFailure failure = assertThrows(ApiFailure.class, () -> compute.get(InstanceGroups.GroupRef.parse(url)));

        assertEquals(404, answer.path("httpStatus").asInt());
        assertEquals(404, answer.path("error").path("code").asInt());
        assertEquals("notFound", answer.path("error").path("errors").path(0).path("reason").asText());
        assertEquals("global", answer.path("error").path("errors").path(0).path("domain").asText());
        assertEquals("The resource 'projects/" + PROJECT + "/zones/europe-west1-b/instanceGroupManagers/gke-nobody-grp'"
                + " was not found", answer.path("error").path("message").asText());
        assertEquals(FailureKind.NOT_FOUND, failure.kind());
        assertEquals(InstanceGroups.CALL, failure.call());
    }

    @Test
    void deniedReadsAnswer403AsToACallerWithoutThePermission() {
        NodePool pool = zonalPool();
        bed.embedded.denyInstanceGroupReads(true);

        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> compute.get(InstanceGroups.GroupRef.parse(pool.getInstanceGroupUrls(0))));

        assertEquals(FailureKind.PERMISSION_DENIED, failure.kind());
        assertTrue(failure.getMessage().contains("Required 'compute.instanceGroupManagers.get' permission"),
                failure.getMessage());
    }

    @Test
    void failedCreateOperationIsDoneWithItsErrorAndLeavesThePoolInError() {
        bed.runningCluster(ZONAL, Cluster.getDefaultInstance());
        bed.embedded.failNextOperation(Operation.Type.CREATE_NODE_POOL, Status.Code.RESOURCE_EXHAUSTED, "stockout");

        Operation started = bed.gke.createNodePool(ZONAL, SPARE);
        bed.embedded.completeAllOperations();
        Operation done = bed.read(started);
        NodePool pool = bed.gke.getNodePool(ZONAL.withNodePool("spare"));

        assertEquals(Operation.Status.DONE, done.getStatus());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), done.getError().getCode());
        assertEquals("stockout", done.getError().getMessage());
        assertEquals(NodePool.Status.ERROR, pool.getStatus());
        assertEquals(0, compute.get(InstanceGroups.GroupRef.parse(pool.getInstanceGroupUrls(0))).targetSize());
        NodePool next = bed.runningPool(ZONAL, SPARE.toBuilder().setName("spare-2").build());
        assertEquals(NodePool.Status.RUNNING, next.getStatus(), "only the next creation fails");
    }
}
