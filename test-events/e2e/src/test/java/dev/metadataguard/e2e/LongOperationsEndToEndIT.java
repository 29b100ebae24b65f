package dev.metadataguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.replay.MessagePublished;
import dev.metadataguard.testing.InvokerProcess;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node-pool-replacer from its deploy jar under the real invoker, with a function timeout of 30 s
 * ({@code MG_FUNCTION_TIMEOUT_SECONDS}, as Terraform sets it from {@code timeout_seconds}), against an embedded GKE
 * whose operations run 45 s: the replacement of a regional pool of three zones, and the deletion of the original,
 * each outlast a delivery. Each delivery is cut off at the function's timeout, as Cloud Functions cuts it off, and
 * the request is delivered again whenever a delivery ends without acknowledging it, as Pub/Sub does.
 */
class LongOperationsEndToEndIT {

    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration OPERATION_TIME = Duration.ofSeconds(45);
    private static final int MOST_DELIVERIES = 10;
    private static final ObjectMapper JSON = Json.mapper();
    private static final ResourceRef CLUSTER = ResourceRef.cluster("acme-prod", "europe-west1", "analytics");
    private static final ResourceRef ORIGINAL = CLUSTER.withNodePool("etl");
    private static final ResourceRef REPLACEMENT = CLUSTER.withNodePool(ReplacementName.of("etl"));
    private static final List<String> ZONES = List.of("europe-west1-b", "europe-west1-c", "europe-west1-d");
    private static final String POLICY = """
            mode: enforce
            projects: ["acme-prod"]
            remediation:
              - match: {project: "acme-prod"}
                action: replace
            nodeServiceAccounts:
              acme-prod: gke-nodes@acme-prod.iam.gserviceaccount.com
            replacement: {retireOriginal: delete}
            """;

    private static EmbeddedGke gke;
    private static InvokerProcess function;
    private static String topic;
    private static String tickets;
    private static String deadLetters;

    @BeforeAll
    static void start() throws Exception {
        gke = EmbeddedGke.builder().operationTime(OPERATION_TIME).loopback(0);
        gke.seed(CLUSTER.name(), Cluster.newBuilder().addAllLocations(ZONES).setWorkloadIdentityConfig(
                WorkloadIdentityConfig.newBuilder().setWorkloadPool("acme-prod.svc.id.goog")).build());
        // Two nodes in each zone, on the Compute Engine metadata server and the default service account.
        gke.seed(CLUSTER.name(), NodePool.newBuilder().setName(ORIGINAL.nodePool()).setInitialNodeCount(2)
                .addAllLocations(ZONES).setConfig(NodeConfig.newBuilder().setMachineType("e2-standard-4")
                        .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder()
                                .setMode(WorkloadMetadataConfig.Mode.GCE_METADATA))).build());
        PubsubEmulator pubsub = PubsubEmulator.get();
        topic = pubsub.createTopic("replacement-requests");
        String ticketTopic = pubsub.createTopic("ticket-requests");
        tickets = pubsub.createSubscription(ticketTopic, false);
        String deadLetterTopic = pubsub.createTopic("replacement-requests-dead-letter");
        deadLetters = pubsub.createSubscription(deadLetterTopic, false);
        function = InvokerProcess.startDeployed(DeployJars.of("node-pool-replacer"),
                "dev.metadataguard.functions.NodePoolReplacer", Map.of(
                        "MG_FUNCTION_TIMEOUT_SECONDS", Long.toString(FUNCTION_TIMEOUT.toSeconds()),
                        "MG_DEAD_LETTER_TOPIC", deadLetterTopic,
                        "MG_GKE_ENDPOINT", "127.0.0.1:" + gke.port(),
                        "MG_COMPUTE_ENDPOINT", gke.computeEndpoint(),
                        "MG_IAM_POLICY_FILE", TestEvents.event("iam/acme-prod-iam-policy.json").toString(),
                        "MG_POLICY", SpelledOutChecks.only(POLICY),
                        "MG_TICKET_TOPIC", ticketTopic,
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
    void aReplacementAndADeletionLongerThanTheTimeoutCompleteOverSeveralDeliveriesEachOutcomeOnce() throws Exception {
        List<Integer> answers = new ArrayList<>();
        List<Duration> took = new ArrayList<>();
        while (!answers.contains(200) && answers.size() < MOST_DELIVERIES) {
            Instant sent = Instant.now();
            answers.add(deliver());
            took.add(Duration.between(sent, Instant.now()));
        }
        String deliveries = "answers " + answers + " after " + took + "\n" + function.output();

        assertEquals(200, answers.get(answers.size() - 1), deliveries);
        assertTrue(answers.size() >= 3, "the creation and the deletion each outlast a delivery: " + deliveries);
        assertEquals(List.of(Kind.REPLACEMENT_CREATED, Kind.ORIGINAL_RETIRED, Kind.RESOURCE_DELETED), outcomes(),
                deliveries);
        assertEquals(List.of(), PubsubEmulator.get().pull(deadLetters, 1, Duration.ofSeconds(1)), deliveries);
        List<JsonNode> inProgress = log("in progress");
        assertEquals(answers.size() - 1, inProgress.size(), deliveries);
        assertFalse(function.output().contains("\tat dev.metadataguard."), "no stack trace: " + deliveries);
        assertEquals(1, gke.calls("CreateNodePool"), deliveries);
        assertEquals(1, gke.calls("DeleteNodePool"), deliveries);
        try (ContainerGke client = ContainerGke.connect(gke.channel())) {
            NodePool replacement = client.getNodePool(REPLACEMENT);
            assertEquals(NodePool.Status.RUNNING, replacement.getStatus());
            assertEquals(ZONES, replacement.getLocationsList());
            assertEquals(2, replacement.getInitialNodeCount(), "the original's nodes per zone");
            assertEquals(WorkloadMetadataConfig.Mode.GKE_METADATA,
                    replacement.getConfig().getWorkloadMetadataConfig().getMode());
            ApiFailure gone = org.junit.jupiter.api.Assertions.assertThrows(ApiFailure.class,
                    () -> client.getNodePool(ORIGINAL));
            assertEquals(FailureKind.NOT_FOUND, gone.kind());
        }
    }

    /**
     * One delivery of the request, answered within the function's timeout or cut off there: a delivery still
     * running then would be ended by the platform wherever it was, which fails the test.
     */
    private static int deliver() throws Exception {
        MessagePublished message = new MessagePublished(topic, topic.replace("/topics/", "/subscriptions/") + "-push",
                "long-1", Instant.now(), Map.of(), JSON.writeValueAsBytes(request()));
        try {
            return HttpClient.newHttpClient().send(message.request(function.url()).timeout(FUNCTION_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException cutOff) {
            throw new AssertionError("a delivery outlived the function's timeout of " + FUNCTION_TIMEOUT + "\n"
                    + function.output(), cutOff);
        }
    }

    /** The inspector's request to replace the pool: exposed metadata, the default service account. */
    private static Decision request() {
        List<String> ids = List.of("MG001", "MG002");
        List<Finding> findings = ids.stream()
                .map(id -> new Finding(id, "finding " + id, Severity.HIGH, new Evidence("config", "compliant", "not"), ""))
                .toList();
        return new Decision(Fingerprint.of(ORIGINAL.name(), ids), ORIGINAL.name(), Outcome.VIOLATION, findings,
                List.of(), Action.REPLACE, "remediation: replace", "enforce",
                "google.container.v1.ClusterManager.CreateNodePool", "operation-1793615200000-55555555",
                "carol@acme.example", Instant.parse("2026-11-02T12:20:00Z"), null);
    }

    /** The kinds of every outcome the function published to ticket-requests, in the order published. */
    private static List<Kind> outcomes() throws IOException {
        List<Kind> kinds = new ArrayList<>();
        for (ReceivedMessage message : PubsubEmulator.get().pull(tickets, 10, Duration.ofSeconds(5))) {
            TicketRequest request = JSON.readValue(message.getMessage().getData().toByteArray(), TicketRequest.class);
            RemediationOutcome outcome = ((TicketRequest.Remediated) request).outcome();
            kinds.add(outcome.kind());
        }
        return kinds;
    }

    /** The function's structured log lines with {@code message}. */
    private static List<JsonNode> log(String message) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : function.output().split("\n")) {
            if (line.startsWith("{")) {
                JsonNode json = JSON.readTree(line);
                if (json.path("message").asText().equals(message)) {
                    lines.add(json);
                }
            }
        }
        return lines;
    }
}
