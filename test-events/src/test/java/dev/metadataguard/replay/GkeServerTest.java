package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --serve-gke} serves, over loopback, the embedded GKE seeded from the events' first entries. */
class GkeServerTest {

    private static final Pattern ENDPOINT = Pattern.compile("MG_GKE_ENDPOINT=(127\\.0\\.0\\.1:\\d+) \\(embedded GKE, (\\d+)");

    private static final ResourceRef BATCH = ResourceRef.parse(
            "projects/acme-prod/locations/europe-west1-b/clusters/payments/nodePools/batch").orElseThrow();

    @Test
    void aClientInAnotherProcessFindsWhatTheEventsCreatedUntilTheServerIsStopped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread server = serve(out, "--serve-gke", "0",
                TestEvents.event("01-create-cluster-v1-first-compliant.json").toString(),
                TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString(),
                TestEvents.event("08-create-node-pool-v1-last-exposed.json").toString());
        Matcher printed = endpoint(out);
        assertEquals("2", printed.group(2), "the cluster and the pool; a last entry creates nothing");

        try (ContainerGke gke = ContainerGke.forEndpoint(printed.group(1))) {
            assertEquals("GCE_METADATA", gke.getNodePool(BATCH).getConfig().getWorkloadMetadataConfig().getMode().name());
        } finally {
            stop(server);
        }
    }

    /** v1 Operation.Status RUNNING: "The operation is currently running"; NodePool.Status STOPPING: "being deleted". */
    @Test
    void withAnOperationTimeTheServedGkesOperationsRunThatLong() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread server = serve(out, "--serve-gke", "0", "--operation-seconds", "45",
                TestEvents.event("01-create-cluster-v1-first-compliant.json").toString(),
                TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString());
        Matcher printed = endpoint(out);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("2 changes applied, each operation runs 45 s;"),
                out.toString(StandardCharsets.UTF_8));

        try (ContainerGke gke = ContainerGke.forEndpoint(printed.group(1))) {
            assertEquals(NodePool.Status.RUNNING, gke.getNodePool(BATCH).getStatus(), "what the events created is there");
            Operation delete = gke.deleteNodePool(BATCH);
            for (int read = 0; read < 3; read++) {
                assertEquals(Operation.Status.RUNNING, gke.getOperation(BATCH.project(), BATCH.location(),
                        delete.getName()).getStatus(), "reads do not finish it");
            }
            assertEquals(NodePool.Status.STOPPING, gke.getNodePool(BATCH).getStatus());
        } finally {
            stop(server);
        }
    }

    private static Thread serve(ByteArrayOutputStream out, String... args) {
        Thread server = new Thread(() -> Replay.run(args, Map.<String, String>of()::get, System.in,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        server.start();
        return server;
    }

    private static Matcher endpoint(ByteArrayOutputStream out) throws InterruptedException {
        Matcher printed = ENDPOINT.matcher("");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!printed.reset(out.toString(StandardCharsets.UTF_8)).find() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertTrue(printed.find(0), out.toString(StandardCharsets.UTF_8));
        return printed;
    }

    private static void stop(Thread server) throws InterruptedException {
        server.interrupt();
        server.join(10_000);
        assertEquals(false, server.isAlive());
    }
}
