package dev.metadataguard.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.testing.InvokerProcess;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ticket-opener from outside: under the real Functions Framework invoker, in its own process, with the folder
 * sink, reading the served embedded GKE (holding what test events 01, 05, 10 and 23 made of {@code payments})
 * through MG_GKE_ENDPOINT, its managed instance groups through MG_COMPUTE_ENDPOINT and roles from
 * MG_IAM_POLICY_FILE. Messages anyone allowed to publish could write leave an exposed pool's ticket open; a pool
 * really deleted has its ticket resolved.
 */
class TicketOpenerInvokerIT {

    private static final ObjectMapper JSON = Json.mapper();
    private static final List<String> EVENTS = List.of("01-create-cluster-v1-first-compliant.json",
            "05-create-node-pool-v1-first-compliant.json",
            "10-create-node-pool-v1-first-legacy-endpoints-messagepublished.json",
            "23-update-node-pool-v1-first-hardened-to-gce-metadata.json");
    private static final ResourceRef PAYMENTS = ResourceRef.cluster("acme-prod", "europe-west1-b", "payments");
    /** Exposed since event 23 (GCE_METADATA): MG001. */
    private static final ResourceRef API = PAYMENTS.withNodePool("api");
    /** Event 10: the legacy endpoints left on, MG004. */
    private static final ResourceRef LEGACY = PAYMENTS.withNodePool("legacy-endpoints");
    private static EmbeddedGke gke;
    private static InvokerProcess function;
    private static Path tickets;
    private static int sent;

    @BeforeAll
    static void start() throws Exception {
        gke = EmbeddedGke.loopback();
        EventDecoder decoder = new EventDecoder(TestEvents.JSON);
        for (String file : EVENTS) {
            // As the replay's --serve-gke does: each first entry's request applied through the embedded GKE's method.
            for (Intake intake : decoder.decode(TestEvents.bytes(file), file)) {
                Intake.Accepted entry = (Intake.Accepted) intake;
                gke.applyAuditRequest(entry.event().method(), entry.event().resource().name(),
                        entry.event().request().orElseThrow());
            }
        }
        gke.completeAllOperations();
        tickets = Files.createTempDirectory("tickets");
        function = InvokerProcess.start("dev.metadataguard.functions.TicketOpener", Map.of(
                "MG_GKE_ENDPOINT", "127.0.0.1:" + gke.port(),
                "MG_COMPUTE_ENDPOINT", gke.computeEndpoint(),
                "MG_IAM_POLICY_FILE", TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(),
                "MG_POLICY", SpelledOutChecks.only("tickets: {sink: directory, directory: {path: \"" + tickets + "\"}}\n")));
    }

    @AfterAll
    static void stop() {
        if (function != null) {
            function.close();
        }
        if (gke != null) {
            gke.close();
        }
    }

    /**
     * Posts one of {@code test-events/ticket-requests/} (what the recipe in docs/operations.md sends) as Eventarc delivers a
     * Pub/Sub message; each is a request anyone allowed to publish to ticket-requests could write.
     */
    private static void deliver(String file) throws Exception {
        String id = "t-" + ++sent;
        byte[] request = Files.readAllBytes(TestEvents.root().resolve("ticket-requests").resolve(file));
        JSON.readValue(request, TicketRequest.class); // each file is a ticket request the functions can read
        String body = "{\"subscription\":\"projects/guard-host/subscriptions/ticket-opener\",\"message\":{\"data\":\""
                + Base64.getEncoder().encodeToString(request) + "\",\"messageId\":\"" + id + "\"}}";
        HttpResponse<String> response = function.post(Map.of(
                "ce-specversion", "1.0",
                "ce-type", EventDecoder.MESSAGE_PUBLISHED,
                "ce-id", id,
                "ce-source", "//pubsub.googleapis.com/projects/guard-host/topics/ticket-requests",
                "Content-Type", "application/json"), body);
        assertEquals(200, response.statusCode(), function.output());
    }

    /** Each ticket's pool and status, from the folder the function writes. */
    private static Map<String, String> statuses() throws IOException {
        Map<String, String> statuses = new TreeMap<>();
        try (Stream<Path> files = Files.list(tickets)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode ticket = JSON.readTree(file.toFile());
                statuses.put(ticket.path("resource").asText().replace(PAYMENTS.name() + "/nodePools/", ""),
                        ticket.path("status").asText());
            }
        }
        return statuses;
    }

    private static String resolution(ResourceRef pool) throws IOException {
        try (Stream<Path> files = Files.list(tickets)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode ticket = JSON.readTree(file.toFile());
                if (ticket.path("resource").asText().equals(pool.name())) {
                    return ticket.path("resolution").path("reason").asText();
                }
            }
        }
        throw new AssertionError("no ticket about " + pool);
    }

    @Test
    void forgedMessagesLeaveAnExposedPoolsTicketOpenAndARealDeletionResolvesItsTicket() throws Exception {
        deliver("1-violation-api.json");
        deliver("2-violation-legacy-endpoints.json");
        assertEquals(Map.of("api", "OPEN", "legacy-endpoints", "OPEN"), statuses(), function.output());

        deliver("3-forged-compliant-api.json");
        deliver("4-forged-exempt-api.json");
        deliver("5-forged-present-holds-nothing.json");

        assertEquals(Map.of("api", "OPEN", "legacy-endpoints", "OPEN"), statuses(), function.output());
        assertEquals(3, function.output().lines().filter(l -> l.contains("\"decision\":\"stale\"")).count(),
                function.output());

        try (ContainerGke client = ContainerGke.connect(gke.channel())) {
            client.deleteNodePool(LEGACY);
        }
        gke.completeAllOperations();
        deliver("6-compliant-legacy-endpoints.json");

        assertEquals(Map.of("api", "OPEN", "legacy-endpoints", "RESOLVED"), statuses(), function.output());
        assertEquals("the resource was deleted", resolution(LEGACY), "resolved as GKE says: gone, not compliant");
    }
}
