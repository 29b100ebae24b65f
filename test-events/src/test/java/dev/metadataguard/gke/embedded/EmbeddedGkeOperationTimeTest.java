package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.PROJECT;
import static dev.metadataguard.gke.embedded.GkeTestBed.REGIONAL;
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
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.testing.MovableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operations that take time, as GKE's take minutes. v1 Operation.Status: PENDING "The operation has been
 * created", RUNNING "The operation is currently running", DONE "The operation is done, either cancelled or
 * completed"; Operation.Type CREATE_NODE_POOL "The node pool should be assumed to be unusable until this
 * operation finishes", DELETE_NODE_POOL "The node pool should be assumed to be unusable as soon as this operation
 * starts"; NodePool.Status PROVISIONING "the node pool is being created", STOPPING "the node pool is being deleted".
 * The pools' managed instance groups count their instances as Compute's {@code currentActions} do.
 */
class EmbeddedGkeOperationTimeTest {

    private static final Duration OPERATION_TIME = Duration.ofSeconds(45);
    /** Two nodes in each of us-central1-a, -b and -c. */
    private static final NodePool SPARE = NodePool.newBuilder().setName("spare").setInitialNodeCount(2).build();
    private static final ResourceRef POOL = REGIONAL.withNodePool("spare");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final GkeTestBed bed = new GkeTestBed(EmbeddedGke.builder().operationTime(OPERATION_TIME).clock(clock)
            .inProcess());

    @AfterEach
    void close() {
        bed.close();
    }

    /** The cluster, created and left to finish on the clock. */
    private void runningCluster() {
        bed.createCluster(REGIONAL, Cluster.getDefaultInstance());
        clock.advance(OPERATION_TIME);
    }

    @Test
    void anOperationRunsForItsTimeWhateverIsReadAndIsDoneOnceItHasPassed() {
        Operation started = bed.createCluster(REGIONAL, Cluster.getDefaultInstance());
        Operation.Status[] seen = new Operation.Status[5];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = bed.read(started).getStatus();
        }
        clock.advance(OPERATION_TIME.minusSeconds(1));
        Operation oneSecondBefore = bed.read(started);
        Cluster stillProvisioning = bed.gke.getCluster(REGIONAL);
        clock.advance(Duration.ofSeconds(1));
        Operation done = bed.read(started);

        assertEquals(Operation.Status.PENDING, started.getStatus());
        assertEquals(List.of(Operation.Status.RUNNING), List.of(seen).stream().distinct().toList(),
                "reads do not finish an operation that takes time");
        assertEquals(Operation.Status.RUNNING, oneSecondBefore.getStatus());
        assertEquals(Cluster.Status.PROVISIONING, stillProvisioning.getStatus());
        assertEquals(Operation.Status.DONE, done.getStatus());
        assertEquals("2026-11-29T12:00:00Z", done.getStartTime());
        assertEquals("2026-11-29T12:00:45Z", done.getEndTime());
        assertEquals(Cluster.Status.RUNNING, bed.gke.getCluster(REGIONAL).getStatus());
    }

    @Test
    void aNewPoolIsProvisioningUntilItsTimeHasPassedEvenIfNobodyReadsTheOperation() {
        runningCluster();

        bed.gke.createNodePool(REGIONAL, SPARE);
        clock.advance(Duration.ofSeconds(44));
        NodePool.Status before = bed.gke.getNodePool(POOL).getStatus();
        ApiFailure busy = assertThrows(ApiFailure.class, () -> bed.gke.setNodePoolSize(POOL, 1));
        clock.advance(Duration.ofSeconds(1));

        assertEquals(NodePool.Status.PROVISIONING, before);
        assertEquals(FailureKind.BUSY, busy.kind(), "GKE runs one operation on a cluster at a time");
        assertEquals(NodePool.Status.RUNNING, bed.gke.getNodePool(POOL).getStatus());
    }

    @Test
    void aNewPoolsGroupsGainTheirNodesOneByOneInEachZone() throws Exception {
        runningCluster();
        bed.gke.createNodePool(REGIONAL, SPARE);
        List<String> groups = bed.gke.getNodePool(POOL).getInstanceGroupUrlsList();

        JsonNode atStart = get(groups.get(0));
        clock.advance(OPERATION_TIME.dividedBy(2));
        List<JsonNode> halfway = groups.stream().map(EmbeddedGkeOperationTimeTest::get).toList();
        clock.advance(OPERATION_TIME.dividedBy(2));
        JsonNode done = get(groups.get(0));

        assertEquals(3, groups.size(), "one group per zone");
        assertActions(atStart, 2, 0, 2, 0, false);
        for (JsonNode group : halfway) {
            assertActions(group, 2, 1, 1, 0, false);
        }
        assertActions(done, 2, 2, 0, 0, true);
    }

    @Test
    void aPoolBeingDeletedIsStoppingAndLosesItsNodesOneByOneUntilItIsGone() throws Exception {
        runningCluster();
        bed.gke.createNodePool(REGIONAL, SPARE);
        clock.advance(OPERATION_TIME);
        String group = bed.gke.getNodePool(POOL).getInstanceGroupUrls(0);

        Operation delete = bed.gke.deleteNodePool(POOL);
        clock.advance(OPERATION_TIME.dividedBy(2));
        NodePool stopping = bed.gke.getNodePool(POOL);
        JsonNode halfway = get(group);
        Operation.Status running = bed.read(delete).getStatus();
        clock.advance(OPERATION_TIME.dividedBy(2));

        assertEquals(NodePool.Status.STOPPING, stopping.getStatus());
        assertActions(halfway, 2, 0, 0, 1, false);
        assertEquals(Operation.Status.RUNNING, running);
        assertEquals(FailureKind.NOT_FOUND, assertThrows(ApiFailure.class, () -> bed.gke.getNodePool(POOL)).kind());
        assertEquals(Operation.Status.DONE, bed.read(delete).getStatus());
    }

    @Test
    void completingOperationsByHandStillFinishesThemAtOnce() {
        runningCluster();
        bed.gke.createNodePool(REGIONAL, SPARE);

        bed.embedded.completeAllOperations();

        assertEquals(NodePool.Status.RUNNING, bed.gke.getNodePool(POOL).getStatus());
    }

    @Test
    void aNegativeOperationTimeIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedGke.builder().operationTime(Duration.ofSeconds(-1)));

        assertEquals("an operation time cannot be negative, got PT-1S", refused.getMessage());
    }

    private static void assertActions(JsonNode group, int targetSize, int none, int creating, int deleting,
                                      boolean stable) {
        JsonNode actions = group.path("currentActions");
        assertEquals(List.of(targetSize, none, creating, deleting, stable ? 1 : 0),
                List.of(group.path("targetSize").asInt(), actions.path("none").asInt(), actions.path("creating").asInt(),
                        actions.path("deleting").asInt(), group.path("status").path("isStable").asBoolean() ? 1 : 0),
                "targetSize, none, creating, deleting, isStable of " + group.path("name").asText());
        assertTrue(group.path("zone").asText().contains("/projects/" + PROJECT + "/zones/us-central1-"));
        assertFalse(group.path("name").asText().isEmpty());
    }

    private static JsonNode get(String url) {
        try {
            return JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
