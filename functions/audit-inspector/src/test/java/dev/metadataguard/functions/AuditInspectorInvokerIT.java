package dev.metadataguard.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.testing.InvokerProcess;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit-inspector under the real Functions Framework invoker, in its own process, reaching the
 * embedded GKE over loopback gRPC and publishing to the real Pub/Sub emulator. The start tests run
 * their own invoker with the JVM options a deployment may set.
 */
class AuditInspectorInvokerIT {

    private static final String TARGET = "dev.metadataguard.functions.AuditInspector";
    /** The log line of a compliant evaluation of test event 05. */
    private static final String COMPLIANT_05 = "\"resource\":\"projects/acme-prod/locations/europe-west1-b/clusters/"
            + "payments/nodePools/api\",\"operation\":\"operation-1793615000000-55555555\",\"first\":true,"
            + "\"last\":false,\"outcome\":\"compliant\"";
    private static EmbeddedGke gke;
    private static Map<String, String> env;
    private static InvokerProcess function;
    private static String ticketSubscription;
    private static String replacementSubscription;
    private static String deadLetterSubscription;

    @BeforeAll
    static void start() throws Exception {
        gke = EmbeddedGke.loopback();
        seed("01-create-cluster-v1-first-compliant.json");
        PubsubEmulator pubsub = PubsubEmulator.get();
        String tickets = pubsub.createTopic("ticket-requests");
        String replacements = pubsub.createTopic("replacement-requests");
        ticketSubscription = pubsub.createSubscription(tickets, false);
        replacementSubscription = pubsub.createSubscription(replacements, false);
        String deadLetters = pubsub.createTopic("gke-audit-events-dead-letter");
        deadLetterSubscription = pubsub.createSubscription(deadLetters, false);
        env = Map.of(
                "MG_DEAD_LETTER_TOPIC", deadLetters,
                "MG_GKE_ENDPOINT", "127.0.0.1:" + gke.port(),
                "MG_IAM_POLICY_FILE", TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(),
                "MG_TICKET_TOPIC", tickets,
                "MG_REPLACEMENT_TOPIC", replacements,
                // On the checks the events spell out, so a check added later leaves these scenarios as they are.
                "MG_POLICY", SpelledOutChecks.only("mode: dry-run\n"),
                "PUBSUB_EMULATOR_HOST", pubsub.host());
        function = InvokerProcess.start(TARGET, env);
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

    private static void seed(String file) {
        AuditEvent e = TestEvents.auditEvent(file);
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

    /** Posts a test event as a binary-mode messagePublished CloudEvent, as Eventarc pushes it. */
    private static HttpResponse<String> postBinary(InvokerProcess invoker, String file, String id) throws Exception {
        return invoker.post(Map.of(
                "ce-specversion", "1.0",
                "ce-type", EventDecoder.MESSAGE_PUBLISHED,
                "ce-id", id,
                "ce-source", "//pubsub.googleapis.com/projects/guard-host/topics/gke-audit-events",
                "Content-Type", "application/json"),
                messagePublishedData(logEntry(file)));
    }

    @Test
    void binaryModeViolationIsPublishedAsATicketRequest() throws Exception {
        seed("07-create-node-pool-v1-first-exposed-background.json");
        HttpResponse<String> response = postBinary(function, "07-create-node-pool-v1-first-exposed-background.json",
                "binary-1");
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
        assertTrue(function.output().contains(COMPLIANT_05), function.output());
        assertEquals(0, PubsubEmulator.get().pull(ticketSubscription, 1, Duration.ofSeconds(2)).size());
        assertEquals(0, PubsubEmulator.get().pull(replacementSubscription, 1, Duration.ofSeconds(1)).size());
    }

    @Test
    void malformedEventIsDeadLetteredWithItsReasonAndAcknowledged() throws Exception {
        String body = "{\"message\":{\"data\":\"%%%\"}}";
        HttpResponse<String> response = function.post(Map.of(
                "ce-specversion", "1.0", "ce-type", EventDecoder.MESSAGE_PUBLISHED, "ce-id", "bad-1",
                "ce-source", "//pubsub.googleapis.com/projects/p/topics/t", "Content-Type", "application/json"), body);
        assertEquals(200, response.statusCode(), "a permanent problem must not be retried");
        List<ReceivedMessage> parked = PubsubEmulator.get().pull(deadLetterSubscription, 1, Duration.ofSeconds(20));
        assertEquals(1, parked.size(), function.output());
        assertEquals(body, parked.get(0).getMessage().getData().toStringUtf8(), "the event as it came");
        assertEquals("bad-1", parked.get(0).getMessage().getAttributesOrThrow("event"));
        assertTrue(parked.get(0).getMessage().getAttributesOrThrow("reason")
                .startsWith("CloudEvent bad-1 data.message.data: not valid base64"), parked.toString());
    }

    @Test
    void anIgnoredEventLoadsNeitherGrpcNorNetty(@TempDir Path dir) throws Exception {
        // The emulator's channel is the one gRPC object an ignored event could build: it must wait for a publish.
        Path classes = dir.resolve("classes.log");
        try (InvokerProcess fresh = InvokerProcess.start(TARGET, env, List.of("-Xlog:class+load:file=" + classes))) {
            HttpResponse<String> response = postBinary(fresh, "21-set-maintenance-policy-unrelated-method.json", "ignored-1");
            assertEquals(200, response.statusCode(), fresh.output());
            assertTrue(fresh.output().contains("\"decision\":\"ignored\""), fresh.output());
        }
        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(line -> line.contains(" dev.metadataguard.inspect.AuditInspectorService ")),
                "the class-load log must cover the handling of the event");
        assertEquals(List.of(), loaded.stream()
                .filter(line -> line.contains(" io.grpc.") || line.contains(" io.netty.")).limit(5).toList());
    }

    @Test
    void aGarbageClassDataArchiveNeitherStopsTheStartNorTheEvent(@TempDir Path dir) throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(17).nextBytes(garbage);
        Path archive = Files.write(dir.resolve("garbage.jsa"), garbage);

        List<String> loaded = startWithArchiveAndEvaluate(archive, dir.resolve("classes.log"));

        assertFalse(loaded.stream().anyMatch(line -> line.contains("source: shared objects file")),
                "a garbage archive cannot be mapped: the JVM runs without class-data sharing");
    }

    @Test
    void anArchiveOfAnotherClassPathNeitherStopsTheStartNorTheEvent(@TempDir Path dir) throws Exception {
        // A real dynamic archive, made by the invoker alone: its class path is not the one the function runs with.
        Path archive = dir.resolve("other.jsa");
        String invokerJar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("java-function-invoker")).findFirst().orElseThrow();
        Process training = new ProcessBuilder(javaCommand(), "-XX:ArchiveClassesAtExit=" + archive, "-cp", invokerJar,
                "com.google.cloud.functions.invoker.runner.Invoker", "--help")
                .redirectErrorStream(true).redirectOutput(dir.resolve("training.log").toFile()).start();
        assertTrue(training.waitFor(2, TimeUnit.MINUTES), "the training run did not end");
        assertTrue(Files.size(archive) > 0, Files.readString(dir.resolve("training.log")));

        List<String> loaded = startWithArchiveAndEvaluate(archive, dir.resolve("classes.log"));

        assertTrue(loaded.stream().anyMatch(line -> line.contains("source: shared objects file")),
                "the JDK's own archive stays in use");
        assertFalse(loaded.stream().anyMatch(line -> line.contains("source: shared objects file (top)")),
                "the mismatched archive must be refused, not used");
    }

    /**
     * Starts a fresh invoker with {@code archive} as it would be deployed ({@code -Xshare:auto}), evaluates a
     * compliant pool and returns the class-load log.
     */
    private static List<String> startWithArchiveAndEvaluate(Path archive, Path classes) throws Exception {
        seed("05-create-node-pool-v1-first-compliant.json");
        try (InvokerProcess fresh = InvokerProcess.start(TARGET, env, List.of("-Xshare:auto",
                "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1", "-Xlog:class+load:file=" + classes))) {
            HttpResponse<String> response = postBinary(fresh, "05-create-node-pool-v1-first-compliant.json", "archive-1");
            assertEquals(200, response.statusCode(), fresh.output());
            assertTrue(fresh.output().contains(COMPLIANT_05), fresh.output());
        }
        return Files.readAllLines(classes);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
