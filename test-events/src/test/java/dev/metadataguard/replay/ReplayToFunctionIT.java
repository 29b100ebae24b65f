package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.pubsub.v1.ReceivedMessage;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.gke.embedded.LoopbackServer;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.testing.InvokerProcess;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --url} posts each entry to a function as Eventarc does: here the audit-inspector under the real
 * Functions Framework invoker, reaching the embedded GKE over loopback and publishing to the emulator.
 */
class ReplayToFunctionIT {

    private static final Map<String, String> NO_ENV = Map.of();
    private static EmbeddedGke gke;
    private static InvokerProcess function;
    private static String ticketSubscription;

    @BeforeAll
    static void start() throws Exception {
        gke = EmbeddedGke.loopback();
        for (String created : List.of("01-create-cluster-v1-first-compliant.json",
                "07-create-node-pool-v1-first-exposed-background.json", "19-create-cluster-v1-first-three-pools-mixed.json")) {
            var event = TestEvents.auditEvent(created);
            gke.seedFromAuditRequest(event.resource().name(), event.request().orElseThrow());
        }
        PubsubEmulator pubsub = PubsubEmulator.get();
        String tickets = pubsub.createTopic("ticket-requests");
        ticketSubscription = pubsub.createSubscription(tickets, false);
        function = InvokerProcess.start("dev.metadataguard.functions.AuditInspector", Map.of(
                "MG_GKE_ENDPOINT", "127.0.0.1:" + gke.port(),
                "MG_IAM_POLICY_FILE", TestEvents.event("iam/acme-prod-iam-policy.json").toString(),
                "MG_TICKET_TOPIC", tickets,
                "MG_REPLACEMENT_TOPIC", pubsub.createTopic("replacement-requests"),
                "MG_POLICY", SpelledOutChecks.only("mode: dry-run\n"),
                PubsubPublisher.EMULATOR_HOST, pubsub.host()));
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

    @Test
    void eachEntryIsDeliveredAndTheFunctionActsOnIt() throws Exception {
        ReplayRun run = ReplayRun.of(NO_ENV, "", "--json", "--url", function.url().toString(),
                TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString(),
                TestEvents.event("19-create-cluster-v1-first-three-pools-mixed.json").toString(),
                TestEvents.event("malformed/bad-base64.json").toString());

        assertEquals(0, run.exit(), run.err() + function.output());
        assertEquals(List.of("HTTP 200", "HTTP 200", "HTTP 200"),
                run.lines().stream().map(r -> r.path("answer").asText()).toList());
        List<String> requested = new ArrayList<>();
        for (ReceivedMessage m : PubsubEmulator.get().pull(ticketSubscription, 3, Duration.ofSeconds(20))) {
            JsonNode decision = TestEvents.JSON.readTree(m.getMessage().getData().toByteArray()).path("decision");
            List<String> findings = new ArrayList<>();
            decision.path("findings").forEach(f -> findings.add(f.path("checkId").asText()));
            requested.add(decision.path("resource").asText() + " " + findings);
        }
        assertEquals(List.of(
                "projects/acme-prod/locations/europe-west1-b/clusters/payments/nodePools/batch [MG001, MG002, MG005]",
                "projects/acme-prod/locations/europe-west1/clusters/checkout/nodePools/batch [MG001, MG002, MG005]",
                "projects/acme-prod/locations/europe-west1/clusters/checkout/nodePools/jobs [MG004]"),
                requested.stream().sorted().toList());
    }

    @Test
    void aDeliveryTheFunctionFailsShowsItsStatusAndExitsOne() {
        gke.failNext("GetNodePool", Status.Code.UNAVAILABLE, 1);

        ReplayRun run = ReplayRun.of(NO_ENV, "", "--json", "--url", function.url().toString(),
                TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString());

        assertEquals(1, run.exit());
        JsonNode row = run.lines().get(0);
        assertFalse(row.path("ok").asBoolean());
        assertEquals("HTTP 500: (empty body)", row.path("answer").asText());
    }

    @Test
    void theTokenTravelsAsABearerHeaderAndIsNeverPrinted(@TempDir Path dir) throws IOException {
        String token = "ya29.secret-identity-token";
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        AtomicReference<Headers> headers = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        HttpServer deployed = LoopbackServer.create("the deployed function's stand-in");
        deployed.createContext("/", exchange -> {
            headers.set(exchange.getRequestHeaders());
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = ("The token " + token + " may not invoke this function").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        deployed.start();
        ReplayRun run;
        try {
            run = ReplayRun.of(NO_ENV, "", "--json", "--token-file", tokenFile.toString(),
                    "--url", "http://127.0.0.1:" + deployed.getAddress().getPort() + "/",
                    TestEvents.event("05-create-node-pool-v1-first-compliant.json").toString());
        } finally {
            deployed.stop(0);
        }

        assertEquals("Bearer " + token, headers.get().getFirst("Authorization"));
        assertEquals("HTTP 403: The token **** may not invoke this function", run.lines().get(0).path("answer").asText());
        assertFalse(run.out().contains(token) || run.err().contains(token), run.out() + run.err());
        assertEquals("1.0", headers.get().getFirst("ce-specversion"));
        assertEquals(EventDecoder.MESSAGE_PUBLISHED, headers.get().getFirst("ce-type"));
        assertEquals("//pubsub.googleapis.com/projects/replay/topics/gke-audit-events", headers.get().getFirst("ce-source"));
        JsonNode published = TestEvents.JSON.readTree(body.get());
        assertEquals(headers.get().getFirst("ce-id"), published.path("message").path("messageId").asText());
        assertEquals("projects/replay/subscriptions/replay", published.path("subscription").asText());
        assertEquals(TestEvents.json("05-create-node-pool-v1-first-compliant.json"), TestEvents.JSON.readTree(
                Base64.getDecoder().decode(published.path("message").path("data").asText())));
        assertEquals("2026-11-02T12:00:00.000Z",
                published.path("message").path("attributes").path("logging.googleapis.com/timestamp").asText());
    }
}
