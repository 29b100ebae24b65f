package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.gke.ContainerGke;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddedGkeFaultsTest {

    private final GkeTestBed bed = new GkeTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @ParameterizedTest
    @CsvSource({
        "UNAVAILABLE, TRANSIENT",
        "DEADLINE_EXCEEDED, TRANSIENT",
        "RESOURCE_EXHAUSTED, TRANSIENT",
        "ABORTED, TRANSIENT",
        "INTERNAL, TRANSIENT",
        "PERMISSION_DENIED, PERMISSION_DENIED",
        "UNAUTHENTICATED, PERMISSION_DENIED",
        "NOT_FOUND, NOT_FOUND",
        "ALREADY_EXISTS, ALREADY_EXISTS",
        "FAILED_PRECONDITION, PERMANENT",
        "INVALID_ARGUMENT, PERMANENT",
    })
    void injectedFaultSurfacesOnceAsItsKind(Status.Code code, FailureKind kind) {
        bed.embedded.seed(ZONAL.name(), Cluster.getDefaultInstance());
        bed.embedded.failNext("GetCluster", code, 1);

        ApiFailure failure = assertThrows(ApiFailure.class, () -> bed.gke.getCluster(ZONAL));

        assertEquals(kind, failure.kind());
        assertEquals("container.projects.locations.clusters.get", failure.call());
        assertEquals(1, bed.embedded.calls("GetCluster"), "the client must not retry: Pub/Sub redelivers");
    }

    @Test
    void faultLastsForTheGivenNumberOfCalls() {
        bed.embedded.seed(ZONAL.name(), Cluster.getDefaultInstance());
        bed.embedded.failNext("GetNodePool", Status.Code.UNAVAILABLE, 2);

        assertThrows(ApiFailure.class, () -> bed.gke.getNodePool(ZONAL.withNodePool("default-pool")));
        assertThrows(ApiFailure.class, () -> bed.gke.getNodePool(ZONAL.withNodePool("default-pool")));
        NodePool pool = bed.gke.getNodePool(ZONAL.withNodePool("default-pool"));

        assertEquals("default-pool", pool.getName());
        assertEquals(3, bed.embedded.calls("GetNodePool"));
    }

    @Test
    void faultOnOneMethodLeavesOthersAlone() {
        bed.embedded.seed(ZONAL.name(), Cluster.getDefaultInstance());
        bed.embedded.failNext("CreateNodePool", Status.Code.UNAVAILABLE, 1);

        assertEquals("c1", bed.gke.getCluster(ZONAL).getName());
    }

    @Test
    void latencyDelaysTheAnswer() {
        bed.embedded.seed(ZONAL.name(), Cluster.getDefaultInstance());
        bed.embedded.latency("GetCluster", Duration.ofMillis(300));

        long start = System.nanoTime();
        Cluster cluster = bed.gke.getCluster(ZONAL);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("c1", cluster.getName());
        assertTrue(elapsed.compareTo(Duration.ofMillis(300)) >= 0, elapsed::toString);
    }

    @Test
    void latencyBeyondTheDeadlineIsTransient() {
        bed.embedded.seed(ZONAL.name(), Cluster.getDefaultInstance());
        bed.embedded.latency("GetCluster", Duration.ofSeconds(2));

        try (ContainerGke impatient = ContainerGke.connect(bed.embedded.channel(), Duration.ofMillis(200))) {
            long start = System.nanoTime();
            ApiFailure failure = assertThrows(ApiFailure.class, () -> impatient.getCluster(ZONAL));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(FailureKind.TRANSIENT, failure.kind());
            assertTrue(failure.getMessage().contains("DEADLINE_EXCEEDED"), failure.getMessage());
            assertTrue(elapsed.compareTo(Duration.ofSeconds(2)) < 0, elapsed::toString);
        }
    }

    @Test
    void callsAreCountedPerMethod() {
        bed.embedded.seed(ZONAL.name(), Cluster.getDefaultInstance());

        bed.gke.createNodePool(ZONAL, NodePool.newBuilder().setName("spare").setInitialNodeCount(1).build());

        assertEquals(1, bed.embedded.calls("CreateNodePool"));
        assertEquals(0, bed.embedded.calls("GetCluster"));
    }

    @Test
    void unknownMethodNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bed.embedded.failNext("GetClusters", Status.Code.UNAVAILABLE, 1));

        assertTrue(e.getMessage().startsWith("ClusterManager has no method GetClusters"), e.getMessage());
    }

    @Test
    void loopbackServerIsReachableOverTcp() {
        try (EmbeddedGke loopback = EmbeddedGke.loopback();
                ContainerGke client = ContainerGke.forEndpoint("localhost:" + loopback.port())) {
            loopback.seed(ZONAL.name(), Cluster.getDefaultInstance());

            assertEquals("c1", client.getCluster(ZONAL).getName());
            assertEquals(1, loopback.calls("GetCluster"));
        }
    }

    @Test
    void inProcessServerHasNoPort() {
        assertThrows(IllegalStateException.class, bed.embedded::port);
    }
}
