package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aClientInAnotherProcessFindsWhatTheEventsCreatedUntilTheServerIsStopped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread server = new Thread(() -> Replay.run(new String[] {"--serve-gke", "0",
                TestEvents.event("01-create-cluster-v1-first-compliant.json").toString(),
                TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString(),
                TestEvents.event("08-create-node-pool-v1-last-exposed.json").toString()},
                Map.<String, String>of()::get, System.in, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        server.start();
        Matcher printed = ENDPOINT.matcher("");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!printed.reset(out.toString(StandardCharsets.UTF_8)).find() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertTrue(printed.find(0), out.toString(StandardCharsets.UTF_8));
        assertEquals("2", printed.group(2), "the cluster and the pool; a last entry creates nothing");

        try (ContainerGke gke = ContainerGke.forEndpoint(printed.group(1))) {
            ResourceRef batch = ResourceRef.parse("projects/acme-prod/locations/europe-west1-b/clusters/payments/nodePools/batch")
                    .orElseThrow();
            assertEquals("GCE_METADATA", gke.getNodePool(batch).getConfig().getWorkloadMetadataConfig().getMode().name());
        } finally {
            server.interrupt();
            server.join(10_000);
        }
        assertEquals(false, server.isAlive());
    }
}
