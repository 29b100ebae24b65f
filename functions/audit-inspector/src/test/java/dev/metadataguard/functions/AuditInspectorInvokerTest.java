package dev.metadataguard.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.testing.InvokerProcess;
import dev.metadataguard.testing.TestEvents;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit-inspector under the real Functions Framework invoker, in its own process, reaching the
 * embedded GKE over loopback gRPC and publishing to the real Pub/Sub emulator.
 */
class AuditInspectorInvokerTest {

    private static final EventDecoder DECODER = new EventDecoder(TestEvents.JSON);
    private static EmbeddedGke gke;
    private static InvokerProcess function;
    private static String ticketSubscription;
    private static String replacementSubscription;

    @BeforeAll
    static void start() throws Exception {
        gke = EmbeddedGke.loopback();
        seed("01-create-cluster-v1-first-compliant.json");
        PubsubEmulator pubsub = PubsubEmulator.get();
        String tickets = pubsub.createTopic("ticket-requests");
        String replacements = pubsub.createTopic("replacement-requests");
        ticketSubscription = pubsub.createSubscription(tickets, false);
        replacementSubscription = pubsub.createSubscription(replacements, false);
        function = InvokerProcess.start("dev.metadataguard.functions.AuditInspector", Map.of(
                "MG_GKE_ENDPOINT", "127.0.0.1:" + gke.port(),
                "MG_IAM_POLICY_FILE", TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(),
                "MG_TICKET_TOPIC", tickets,
                "MG_REPLACEMENT_TOPIC", replacements,
                "PUBSUB_EMULATOR_HOST", pubsub.host()));
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

    private static AuditEvent event(String file) {
        List<Intake> intakes = DECODER.decode(TestEvents.bytes(file), file);
        return ((Intake.Accepted) intakes.get(0)).event();
    }

    private static void seed(String file) {
        AuditEvent e = event(file);
        gke.seedFromAuditRequest(e.resource().name(), e.request().orElseThrow());
    }

    /** The LogEntry of a test event, whatever envelope the file uses. */
    private static String logEntry(String file) {
        JsonNode json = TestEvents.json(file);
        JsonNode data = json.path("data").path("data");
        if (data.isTextual()) {
            return new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8);
        }
        return json.toString();
    }

    private static String messagePublishedData(String logEntry) {
        ObjectNode data = TestEvents.JSON.createObjectNode();
        data.put("subscription", "projects/guard-host/subscriptions/eventarc");
        data.putObject("message").put("data", Base64.getEncoder().encodeToString(logEntry.getBytes(StandardCharsets.UTF_8)))
                .put("messageId", "m-1");
        return data.toString();
    }

    @Test
    void binaryModeViolationIsPublishedAsATicketRequest() throws Exception {
        seed("07-create-node-pool-v1-first-exposed-background.json");
        HttpResponse<String> response = function.post(Map.of(
                "ce-specversion", "1.0",
                "ce-type", EventDecoder.MESSAGE_PUBLISHED,
                "ce-id", "binary-1",
                "ce-source", "//pubsub.googleapis.com/projects/guard-host/topics/gke-audit-events",
                "Content-Type", "application/json"),
                messagePublishedData(logEntry("07-create-node-pool-v1-first-exposed-background.json")));
        assertEquals(200, response.statusCode(), function.output());
        List<ReceivedMessage> messages = PubsubEmulator.get().pull(ticketSubscription, 1, Duration.ofSeconds(20));
        assertEquals(1, messages.size(), function.output());
        TicketRequest request = Json.mapper().readValue(messages.get(0).getMessage().getData().toByteArray(),
                TicketRequest.class);
        Decision decision = ((TicketRequest.Evaluated) request).decision();
        assertEquals("projects/acme-prod/locations/europe-west1-b/clusters/payments/nodePools/batch", decision.resource());
        assertEquals(List.of("MG001", "MG002", "MG005"), decision.findings().stream().map(Finding::checkId).toList());
        assertEquals("carol@acme.example", decision.principal());
        assertEquals(decision.fingerprint(), messages.get(0).getMessage().getAttributesOrThrow("fingerprint"));
    }

    @Test
    void structuredModeCompliantPoolPublishesNothing() throws Exception {
        seed("05-create-node-pool-v1-first-compliant.json");
        ObjectNode event = TestEvents.JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("type", EventDecoder.MESSAGE_PUBLISHED)
                .put("id", "structured-1")
                .put("source", "//pubsub.googleapis.com/projects/guard-host/topics/gke-audit-events")
                .put("datacontenttype", "application/json");
        event.set("data", TestEvents.JSON.readTree(messagePublishedData(logEntry("05-create-node-pool-v1-first-compliant.json"))));
        HttpResponse<String> response = function.post(Map.of("Content-Type", "application/cloudevents+json"),
                event.toString());
        assertEquals(200, response.statusCode(), function.output());
        assertTrue(function.output().contains("\"resource\":\"projects/acme-prod/locations/europe-west1-b/clusters/"
                + "payments/nodePools/api\",\"operation\":\"operation-1793615000000-55555555\",\"first\":true,"
                + "\"last\":false,\"outcome\":\"compliant\""), function.output());
        assertEquals(0, PubsubEmulator.get().pull(ticketSubscription, 1, Duration.ofSeconds(2)).size());
        assertEquals(0, PubsubEmulator.get().pull(replacementSubscription, 1, Duration.ofSeconds(1)).size());
    }

    @Test
    void malformedEventIsAcknowledgedWithAReason() throws Exception {
        HttpResponse<String> response = function.post(Map.of(
                "ce-specversion", "1.0", "ce-type", EventDecoder.MESSAGE_PUBLISHED, "ce-id", "bad-1",
                "ce-source", "//pubsub.googleapis.com/projects/p/topics/t", "Content-Type", "application/json"),
                "{\"message\":{\"data\":\"%%%\"}}");
        assertEquals(200, response.statusCode(), "a permanent problem must not be retried");
        assertTrue(function.output().contains("\"event\":\"bad-1\",\"method\":\"\",\"decision\":\"malformed\","
                + "\"reason\":\"CloudEvent bad-1 data.message.data: not valid base64"), function.output());
    }
}
