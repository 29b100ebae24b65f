package dev.metadataguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.e2e.Guard.Function;
import dev.metadataguard.e2e.PushBridge.Delivery;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.testing.TestEvents;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.sink.FakeGitHub.Issue;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard in dry-run, end to end: audit entries published to {@code gke-audit-events} in the Pub/Sub
 * emulator, pushed to the three functions under the real invoker, GKE answering over loopback, tickets
 * as GitHub issues. Each scenario asserts the exact issues, node pools and dead letters it leads to.
 */
class DryRunEndToEndTest {

    private static final String POLICY = """
            mode: dry-run
            defaultAction: ticket
            nodeServiceAccounts:
              acme-prod: gke-nodes@acme-prod.iam.gserviceaccount.com
            """;
    private static final String PAYMENTS = "projects/acme-prod/locations/europe-west1-b/clusters/payments";
    private static final String CHECKOUT = "projects/acme-prod/locations/europe-west1/clusters/checkout";
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static Guard guard;
    private int issuesBefore;
    private int createsBefore;
    private int ticketRequestsBefore;
    private int replacementRequestsBefore;

    @BeforeAll
    static void start() {
        guard = Guard.start(POLICY);
        guard.created(AuditEntries.of("01-create-cluster-v1-first-compliant.json"));
    }

    @AfterAll
    static void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    @BeforeEach
    void countWhatIsThere() {
        issuesBefore = guard.issues().size();
        createsBefore = guard.gke().calls("CreateNodePool");
        ticketRequestsBefore = guard.deliveries(Function.TICKET_OPENER).size();
        replacementRequestsBefore = guard.deliveries(Function.NODE_POOL_REPLACER).size();
    }

    @Test
    void aNonCompliantPoolGetsOneTicketAndNothingIsCreated() {
        JsonNode first = AuditEntries.of("07-create-node-pool-v1-first-exposed-background.json");
        guard.created(first);

        String firstId = guard.publish(AuditEntries.bytes(first));
        String lastId = guard.publish(AuditEntries.bytes(AuditEntries.of("08-create-node-pool-v1-last-exposed.json")));
        guard.awaitSettled(SETTLE);

        String batch = PAYMENTS + "/nodePools/batch";
        assertEquals(List.of(openIssue(batch, "HIGH: node pool batch in cluster payments exposes node metadata",
                "MG001", "MG002", "MG005")), titlesAndLabels(guard.issuesAbout(batch)), guard::diagnostics);
        assertEquals(1, newIssues());
        assertEquals(List.of(new Delivery(firstId, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, firstId));
        assertEquals(List.of(new Delivery(lastId, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, lastId));
        assertEquals(2, newTicketRequests(), "both entries are evaluated; the second finds the ticket open");
        assertEquals(0, newReplacementRequests());
        assertEquals(0, newCreates());
        assertEquals(List.of("batch"), poolsOf(PAYMENTS).stream().filter(p -> p.startsWith("batch")).toList());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aCompliantPoolChangesNothing() {
        JsonNode entry = AuditEntries.of("05-create-node-pool-v1-first-compliant.json");
        guard.created(entry);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        assertEquals(List.of(), guard.issuesAbout(PAYMENTS + "/nodePools/api"));
        assertEquals(0, newIssues());
        assertEquals(0, newTicketRequests());
        assertEquals(0, newReplacementRequests());
        assertEquals(0, newCreates());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aClusterWithThreePoolsOfMixedComplianceGetsATicketPerNonCompliantPool() {
        JsonNode entry = AuditEntries.of("19-create-cluster-v1-first-three-pools-mixed.json");
        guard.created(entry);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        assertEquals(List.of(), guard.issuesAbout(CHECKOUT + "/nodePools/web"), guard::diagnostics);
        assertEquals(List.of(openIssue(CHECKOUT + "/nodePools/batch",
                "HIGH: node pool batch in cluster checkout exposes node metadata", "MG001", "MG002", "MG005")),
                titlesAndLabels(guard.issuesAbout(CHECKOUT + "/nodePools/batch")));
        assertEquals(List.of(openIssue(CHECKOUT + "/nodePools/jobs",
                "MEDIUM: node pool jobs in cluster checkout exposes node metadata", "MG004")),
                titlesAndLabels(guard.issuesAbout(CHECKOUT + "/nodePools/jobs")));
        assertEquals(2, newIssues());
        assertEquals(2, newTicketRequests());
        assertEquals(0, newCreates());
        assertEquals(List.of("web", "batch", "jobs"), poolsOf(CHECKOUT));
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aMalformedEventIsAcknowledgedOnceWithItsReason() {
        String id = guard.publish(TestEvents.bytes("malformed/not-json.json"));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        JsonNode line = guard.logOf(Function.AUDIT_INSPECTOR).stream()
                .filter(l -> l.path("event").asText().equals(id)).findFirst().orElseThrow();
        assertEquals("malformed", line.path("decision").asText());
        assertEquals("CloudEvent " + id + " data.message.data (base64-decoded): not valid JSON (Unrecognized token"
                + " 'protoPayload': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
                + " 'false') at line 1, column 1)", line.path("reason").asText());
        assertEquals(0, newIssues());
        assertEquals(0, newTicketRequests());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void gkeUnavailableIsRetriedByRedeliveryAndEndsInOneTicket() {
        JsonNode entry = AuditEntries.of("10-create-node-pool-v1-first-legacy-endpoints-messagepublished.json");
        guard.created(entry);
        int readsBefore = guard.gke().calls("GetNodePool");
        guard.gke().failNext("GetNodePool", Status.Code.UNAVAILABLE, 3);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 500), new Delivery(id, 2, 500), new Delivery(id, 3, 500),
                new Delivery(id, 4, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        assertEquals(4, guard.gke().calls("GetNodePool") - readsBefore);
        String pool = PAYMENTS + "/nodePools/legacy-endpoints";
        assertEquals(List.of(openIssue(pool, "MEDIUM: node pool legacy-endpoints in cluster payments exposes node"
                + " metadata", "MG004")), titlesAndLabels(guard.issuesAbout(pool)), guard::diagnostics);
        assertEquals(1, newIssues());
        assertEquals(1, newTicketRequests());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void gkeUnavailableForEveryAttemptEndsInTheDeadLetterTopic() throws Exception {
        JsonNode entry = AuditEntries.of("04-create-cluster-v1-first-defaults-auditlog.json");
        guard.created(entry);
        int readsBefore = guard.gke().calls("GetCluster");
        guard.gke().failNext("GetCluster", Status.Code.UNAVAILABLE, PubsubWiring.MAX_DELIVERY_ATTEMPTS);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        List<Delivery> expected = new ArrayList<>();
        for (int attempt = 1; attempt <= PubsubWiring.MAX_DELIVERY_ATTEMPTS; attempt++) {
            expected.add(new Delivery(id, attempt, 500));
        }
        assertEquals(expected, guard.deliveries(Function.AUDIT_INSPECTOR, id));
        assertEquals(PubsubWiring.MAX_DELIVERY_ATTEMPTS, guard.gke().calls("GetCluster") - readsBefore);
        List<Guard.DeadLetter> letters = guard.takeDeadLetters(1);
        assertEquals(1, letters.size(), letters::toString);
        assertEquals("gke-audit-events", letters.get(0).topic());
        assertEquals(entry, TestEvents.JSON.readTree(letters.get(0).data()));
        assertEquals("5", letters.get(0).attributes().get("CloudPubSubDeadLetterSourceDeliveryCount"));
        assertEquals(0, newIssues());
        assertEquals(0, newTicketRequests());
    }

    @Test
    void theSameEventTwentyTimesOpensOneTicket() {
        JsonNode entry = AuditEntries.of("15-create-node-pool-v1-first-over-privileged-sa.json");
        guard.created(entry);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(guard.publish(AuditEntries.bytes(entry)));
        }
        guard.awaitSettled(SETTLE);

        for (String id : ids) {
            assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        }
        String pool = PAYMENTS + "/nodePools/ci-runners";
        assertEquals(List.of(openIssue(pool, "HIGH: node pool ci-runners in cluster payments runs nodes with an"
                + " unsafe service account", "MG003")), titlesAndLabels(guard.issuesAbout(pool)), guard::diagnostics);
        assertEquals(1, newIssues());
        assertEquals(20, newTicketRequests());
        assertEquals(0, newCreates());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    /** An open issue as {@code title | state | labels}, for one pool and finding set. */
    private static String openIssue(String pool, String title, String... checks) {
        return "[Metadata Guard] " + title + " (" + String.join(", ", checks) + ") | open | "
                + List.of(Fingerprint.of(pool, List.of(checks)), TicketComposer.resourceKey(pool), "metadata-guard");
    }

    private static List<String> titlesAndLabels(List<Issue> issues) {
        return issues.stream().map(i -> i.title() + " | " + i.state() + " | " + i.labels()).toList();
    }

    private static List<String> poolsOf(String cluster) {
        return guard.gke().gke().getCluster(ResourceRef.parse(cluster).orElseThrow()).getNodePoolsList().stream()
                .map(p -> p.getName()).toList();
    }

    private int newIssues() {
        return guard.issues().size() - issuesBefore;
    }

    private int newCreates() {
        return guard.gke().calls("CreateNodePool") - createsBefore;
    }

    private int newTicketRequests() {
        return guard.deliveries(Function.TICKET_OPENER).size() - ticketRequestsBefore;
    }

    private int newReplacementRequests() {
        return guard.deliveries(Function.NODE_POOL_REPLACER).size() - replacementRequestsBefore;
    }
}
