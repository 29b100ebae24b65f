package dev.metadataguard.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.testing.InvokerProcess;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import io.grpc.Status;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node-pool-replacer under the real Functions Framework invoker, in its own process, acting on the
 * embedded GKE over loopback gRPC and publishing its outcomes to the real Pub/Sub emulator.
 */
class NodePoolReplacerInvokerIT {

    private static final ObjectMapper JSON = Json.mapper();
    private static final String POLICY = """
            mode: enforce
            projects: ["acme-prod"]
            remediation:
              - match: {project: "acme-prod"}
                action: replace
            nodeServiceAccounts:
              acme-prod: gke-nodes@acme-prod.iam.gserviceaccount.com
            """;
    private static final ResourceRef BATCH = ResourceRef.cluster("acme-prod", "europe-west1-b", "payments")
            .withNodePool("batch");
    /** An exposed pool in a project outside the policy's {@code projects}. */
    private static final ResourceRef ELSEWHERE = ResourceRef.cluster("acme-dev", "europe-west1-b", "payments")
            .withNodePool("batch");
    private static final List<String> WRITES = List.of("CreateNodePool", "UpdateNodePool", "UpdateCluster",
            "SetNodePoolSize", "DeleteNodePool");
    private static EmbeddedGke gke;
    private static InvokerProcess function;
    private static String ticketSubscription;
    private static String deadLetterSubscription;

    @BeforeAll
    static void start() throws Exception {
        gke = EmbeddedGke.loopback();
        seed("01-create-cluster-v1-first-compliant.json");
        seed("05-create-node-pool-v1-first-compliant.json");
        seed("07-create-node-pool-v1-first-exposed-background.json");
        seed("16-create-node-pool-v1-first-exempt-label.json");
        gke.seed(ELSEWHERE.clusterRef().name(), Cluster.getDefaultInstance());
        gke.seed(ELSEWHERE.clusterRef().name(), NodePool.newBuilder().setName(ELSEWHERE.nodePool()).setInitialNodeCount(1).build());
        PubsubEmulator pubsub = PubsubEmulator.get();
        String tickets = pubsub.createTopic("ticket-requests");
        ticketSubscription = pubsub.createSubscription(tickets, false);
        String deadLetters = pubsub.createTopic("replacement-requests-dead-letter");
        deadLetterSubscription = pubsub.createSubscription(deadLetters, false);
        function = InvokerProcess.start("dev.metadataguard.functions.NodePoolReplacer", Map.of(
                "MG_DEAD_LETTER_TOPIC", deadLetters,
                "MG_GKE_ENDPOINT", "127.0.0.1:" + gke.port(),
                "MG_COMPUTE_ENDPOINT", gke.computeEndpoint(),
                "MG_IAM_POLICY_FILE", TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(),
                "MG_POLICY", SpelledOutChecks.only(POLICY),
                "MG_TICKET_TOPIC", tickets,
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

    private static void seed(String file) {
        AuditEvent event = TestEvents.auditEvent(file);
        gke.seedFromAuditRequest(event.resource().name(), event.request().orElseThrow());
    }

    /** The inspector's decision on test event 07: exposed metadata, default SA with cloud-platform. */
    private static Decision decision() {
        return replaceRequest(BATCH, "MG001", "MG002", "MG005");
    }

    /** A replace request as anyone allowed to publish could write it. */
    private static Decision replaceRequest(ResourceRef pool, String... checkIds) {
        List<String> ids = List.of(checkIds);
        List<Finding> findings = ids.stream()
                .map(id -> new Finding(id, "finding " + id, Severity.HIGH, new Evidence("config", "compliant", "not"), ""))
                .toList();
        return new Decision(Fingerprint.of(pool.name(), ids), pool.name(), Outcome.VIOLATION, findings, List.of(),
                Action.REPLACE, "remediation: replace", "enforce", "google.container.v1.ClusterManager.CreateNodePool",
                "operation-1793615200000-77777777", "carol@acme.example", Instant.parse("2026-11-02T12:20:00Z"), null);
    }

    private static HttpResponse<String> deliver(String id, String messageData) throws Exception {
        String body = "{\"subscription\":\"projects/guard-host/subscriptions/replacer\",\"message\":{\"data\":\""
                + messageData + "\",\"messageId\":\"" + id + "\"}}";
        return function.post(Map.of(
                "ce-specversion", "1.0",
                "ce-type", EventDecoder.MESSAGE_PUBLISHED,
                "ce-id", id,
                "ce-source", "//pubsub.googleapis.com/projects/guard-host/topics/replacement-requests",
                "Content-Type", "application/json"), body);
    }

    private static String encoded(Decision decision) throws Exception {
        return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(decision));
    }

    @Test
    void requestDeliveredTwiceCreatesOneReplacementOfTheOriginalsCurrentSizeAndReportsIt() throws Exception {
        try (ContainerGke client = ContainerGke.connect(gke.channel())) {
            client.setNodePoolSize(BATCH, 5); // a person's resize: GKE leaves initial_node_count as it was
        }
        gke.completeAllOperations();
        assertEquals(200, deliver("r-1", encoded(decision())).statusCode(), function.output());
        assertEquals(200, deliver("r-1", encoded(decision())).statusCode(), function.output());

        List<ReceivedMessage> messages = PubsubEmulator.get().pull(ticketSubscription, 2, Duration.ofSeconds(20));
        assertEquals(2, messages.size(), function.output());
        for (ReceivedMessage message : messages) {
            TicketRequest.Remediated request = (TicketRequest.Remediated) JSON.readValue(
                    message.getMessage().getData().toByteArray(), TicketRequest.class);
            assertEquals(RemediationOutcome.Kind.REPLACEMENT_CREATED, request.outcome().kind());
            assertEquals(BATCH.clusterRef().withNodePool("batch-mg-f80b52d4").name(), request.outcome().replacement());
            assertEquals(decision().fingerprint(), message.getMessage().getAttributesOrThrow("fingerprint"));
        }
        assertEquals(1, gke.calls("CreateNodePool"));
        try (ContainerGke client = ContainerGke.connect(gke.channel())) {
            NodePool replacement = client.getNodePool(BATCH.clusterRef().withNodePool("batch-mg-f80b52d4"));
            assertEquals(WorkloadMetadataConfig.Mode.GKE_METADATA, replacement.getConfig().getWorkloadMetadataConfig().getMode());
            assertEquals(5, replacement.getInitialNodeCount(), "sized from the groups MG_COMPUTE_ENDPOINT serves");
        }
    }

    @Test
    void unavailableGkeAnswersAnErrorSoPubsubRedelivers() throws Exception {
        gke.failNext("GetNodePool", Status.Code.UNAVAILABLE, 1);

        HttpResponse<String> response = deliver("r-2", encoded(decision()));

        assertEquals(500, response.statusCode(), function.output());
    }

    @Test
    void unreadableMessageIsDeadLetteredAndAcknowledged() throws Exception {
        HttpResponse<String> response = deliver("r-3", Base64.getEncoder()
                .encodeToString("not a decision".getBytes(StandardCharsets.UTF_8)));

        assertEquals(200, response.statusCode(), "a message no retry can fix must not be retried");
        ReceivedMessage parked = deadLetterOf("r-3");
        assertTrue(parked.getMessage().getAttributesOrThrow("reason")
                .startsWith("CloudEvent r-3: message.data is not a Decision"), parked.toString());
    }

    @Test
    void forgedRequestsForACompliantAnExemptAnOutOfScopeAndAMissingPoolChangeNothing() throws Exception {
        ResourceRef payments = BATCH.clusterRef();
        Map<String, Integer> before = writes();
        List<String> pools = poolNames(payments);
        List<String> poolsElsewhere = poolNames(ELSEWHERE.clusterRef());
        List<Decision> forged = List.of(
                replaceRequest(payments.withNodePool("api")),
                replaceRequest(payments.withNodePool("legacy-agent"), "MG001", "MG002"),
                replaceRequest(ELSEWHERE, "MG001"),
                replaceRequest(payments.withNodePool("ghost"), "MG001"));

        for (int i = 0; i < forged.size(); i++) {
            assertEquals(200, deliver("f-" + i, encoded(forged.get(i))).statusCode(), function.output());
        }

        assertEquals(before, writes(), function.output());
        assertEquals(pools, poolNames(payments));
        assertEquals(poolsElsewhere, poolNames(ELSEWHERE.clusterRef()));
        for (Decision stale : forged.subList(0, 3)) {
            assertTrue(function.output().contains("\"resource\":\"" + stale.resource() + "\",\"fingerprint\":\""
                    + stale.fingerprint() + "\",\"decision\":\"stale\""), function.output());
        }
    }

    @Test
    void requestWithoutAFingerprintIsRefusedAsMalformed() throws Exception {
        Map<String, Integer> before = writes();
        ObjectNode unsigned = JSON.valueToTree(decision());
        unsigned.remove("fingerprint");

        HttpResponse<String> response = deliver("m-1", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(unsigned)));

        assertEquals(200, response.statusCode(), "a message no retry can fix must not be retried");
        assertTrue(deadLetterOf("m-1").getMessage().getAttributesOrThrow("reason").contains("fingerprint"),
                function.output());
        assertEquals(before, writes());
    }

    /** The dead letter of one event; the class's tests share the topic, so others' letters are passed over. */
    private static ReceivedMessage deadLetterOf(String eventId) {
        for (int i = 0; i < 5; i++) {
            List<ReceivedMessage> parked = PubsubEmulator.get().pull(deadLetterSubscription, 1, Duration.ofSeconds(20));
            if (parked.isEmpty()) {
                break;
            }
            if (eventId.equals(parked.get(0).getMessage().getAttributesOrThrow("event"))) {
                return parked.get(0);
            }
        }
        throw new AssertionError("no dead letter for event " + eventId + "\n" + function.output());
    }

    private static Map<String, Integer> writes() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        WRITES.forEach(method -> counts.put(method, gke.calls(method)));
        return counts;
    }

    private static List<String> poolNames(ResourceRef cluster) {
        try (ContainerGke client = ContainerGke.connect(gke.channel())) {
            return client.getCluster(cluster).getNodePoolsList().stream().map(NodePool::getName).toList();
        }
    }
}
