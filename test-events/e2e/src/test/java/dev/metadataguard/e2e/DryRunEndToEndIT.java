package dev.metadataguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.e2e.Guard.Counts;
import dev.metadataguard.e2e.Guard.Function;
import dev.metadataguard.e2e.PushBridge.Delivery;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.testing.TestEvents;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard in dry-run ({@code test-events/policies/dry-run.yaml}: acme-prod pools would be replaced,
 * everything else gets a ticket), end to end: audit entries published to {@code gke-audit-events} in the
 * Pub/Sub emulator, pushed to the three functions under the real invoker, GKE answering over loopback,
 * tickets as GitHub issues. Each scenario asserts the exact issues, node pools and dead letters it leads to.
 */
class DryRunEndToEndIT extends GuardScenarios {

    private static final String LEGACY = "projects/acme-dev/locations/us-central1/clusters/legacy";

    @Override
    String policy() {
        return "dry-run.yaml";
    }

    @Test
    void aNonCompliantPoolGetsOneTicketWithThePlanAndNothingIsCreated() {
        JsonNode first = AuditEntries.of("07-create-node-pool-v1-first-exposed-background.json");
        guard.gke().created(first);

        String firstId = guard.publish(AuditEntries.bytes(first));
        String lastId = guard.publish(AuditEntries.bytes(AuditEntries.of("08-create-node-pool-v1-last-exposed.json")));
        guard.awaitSettled(SETTLE);

        String batch = PAYMENTS + "/nodePools/batch";
        assertEquals(List.of(Issues.expected(batch, "HIGH: node pool batch in cluster payments exposes node metadata",
                "open", List.of("MG001", "MG002", "MG005"), plan(PAYMENTS, "batch"))),
                Issues.lines(guard.issuesAbout(batch)), guard::diagnostics);
        assertEquals(List.of(new Delivery(firstId, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, firstId));
        assertEquals(List.of(new Delivery(lastId, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, lastId));
        // Both entries ask for a replacement; the second plan is the first one again, so the ticket keeps one.
        assertEquals(new Counts(1, 0, 4, 2), guard.counts().minus(before), "each replace decision's ticket first, then its plan");
        assertEquals(List.of("batch"), guard.gke().poolsOf(PAYMENTS).stream().filter(p -> p.startsWith("batch")).toList());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aCompliantPoolChangesNothing() {
        JsonNode entry = AuditEntries.of("05-create-node-pool-v1-first-compliant.json");
        guard.gke().created(entry);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        assertEquals(List.of(), guard.issuesAbout(PAYMENTS + "/nodePools/api"));
        assertEquals(new Counts(0, 0, 0, 0), guard.counts().minus(before));
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aClusterWithThreePoolsOfMixedComplianceGetsATicketPerNonCompliantPoolAndAPlanWhereItHelps() {
        JsonNode entry = AuditEntries.of("19-create-cluster-v1-first-three-pools-mixed.json");
        guard.gke().created(entry);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        assertEquals(List.of(), guard.issuesAbout(CHECKOUT + "/nodePools/web"), guard::diagnostics);
        assertEquals(List.of(Issues.expected(CHECKOUT + "/nodePools/batch",
                "HIGH: node pool batch in cluster checkout exposes node metadata", "open",
                List.of("MG001", "MG002", "MG005"), plan(CHECKOUT, "batch"))),
                Issues.lines(guard.issuesAbout(CHECKOUT + "/nodePools/batch")));
        // jobs fails only the informational MG004: a ticket, and no replacement planned for it.
        assertEquals(List.of(Issues.expected(CHECKOUT + "/nodePools/jobs",
                "LOW: node pool jobs in cluster checkout keeps a legacy metadata setting", "open", List.of("MG004"))),
                Issues.lines(guard.issuesAbout(CHECKOUT + "/nodePools/jobs")));
        assertEquals(new Counts(2, 0, 3, 1), guard.counts().minus(before));
        assertEquals(List.of("web", "batch", "jobs"), guard.gke().poolsOf(CHECKOUT));
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aMalformedEventIsDeadLetteredOnceWithItsReason() {
        String id = guard.publish(TestEvents.bytes("malformed/not-json.json"));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        JsonNode line = guard.logOf(Function.AUDIT_INSPECTOR).stream()
                .filter(l -> l.path("event").asText().equals(id)).findFirst().orElseThrow();
        assertEquals("malformed", line.path("decision").asText());
        assertEquals("CloudEvent " + id + " data.message.data (base64-decoded): not valid JSON (Unrecognized token"
                + " 'protoPayload': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
                + " 'false') at line 1, column 1)", line.path("reason").asText());
        assertEquals(new Counts(0, 0, 0, 0), guard.counts().minus(before));
        List<Guard.DeadLetter> letters = guard.takeDeadLetters(1);
        assertEquals(List.of("gke-audit-events"), letters.stream().map(Guard.DeadLetter::topic).toList());
        assertEquals(line.path("reason").asText(), letters.get(0).attributes().get("reason"));
        assertEquals(id, letters.get(0).attributes().get("event"));
    }

    @Test
    void gkeUnavailableIsRetriedByRedeliveryAndEndsInOneTicket() {
        JsonNode entry = AuditEntries.of("03-create-cluster-v1beta1-first-legacy-nodeconfig-push.json");
        guard.gke().created(entry);
        int readsBefore = guard.gke().calls("GetCluster");
        guard.gke().failNext("GetCluster", Status.Code.UNAVAILABLE, 3);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 500), new Delivery(id, 2, 500), new Delivery(id, 3, 500),
                new Delivery(id, 4, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        // Four reads by the inspector, and one by the ticket opener, which judges the pool itself before it opens.
        assertEquals(5, guard.gke().calls("GetCluster") - readsBefore);
        String pool = LEGACY + "/nodePools/default-pool";
        assertEquals(List.of(Issues.expected(pool, "HIGH: node pool default-pool in cluster legacy exposes node"
                + " metadata", "open", List.of("MG001", "MG002", "MG004", "MG005"))),
                Issues.lines(guard.issuesAbout(pool)), guard::diagnostics);
        assertEquals(new Counts(1, 0, 1, 0), guard.counts().minus(before));
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void gkeUnavailableForEveryAttemptEndsInTheDeadLetterTopic() throws Exception {
        JsonNode entry = AuditEntries.of("10-create-node-pool-v1-first-legacy-endpoints-messagepublished.json");
        guard.gke().created(entry);
        int readsBefore = guard.gke().calls("GetNodePool");
        guard.gke().failNext("GetNodePool", Status.Code.UNAVAILABLE, PubsubWiring.MAX_DELIVERY_ATTEMPTS);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        List<Delivery> expected = new ArrayList<>();
        for (int attempt = 1; attempt <= PubsubWiring.MAX_DELIVERY_ATTEMPTS; attempt++) {
            expected.add(new Delivery(id, attempt, 500));
        }
        assertEquals(expected, guard.deliveries(Function.AUDIT_INSPECTOR, id));
        assertEquals(PubsubWiring.MAX_DELIVERY_ATTEMPTS, guard.gke().calls("GetNodePool") - readsBefore);
        List<Guard.DeadLetter> letters = guard.takeDeadLetters(1);
        assertEquals(1, letters.size(), letters::toString);
        assertEquals("gke-audit-events", letters.get(0).topic());
        assertEquals(entry, TestEvents.JSON.readTree(letters.get(0).data()));
        assertEquals(String.valueOf(PubsubWiring.MAX_DELIVERY_ATTEMPTS),
                letters.get(0).attributes().get("CloudPubSubDeadLetterSourceDeliveryCount"));
        assertEquals(List.of(), guard.issuesAbout(PAYMENTS + "/nodePools/legacy-endpoints"));
        assertEquals(new Counts(0, 0, 0, 0), guard.counts().minus(before));
    }

    @Test
    void theTrackerTokenReachesNoLogLine() {
        JsonNode entry = AuditEntries.of("04-create-cluster-v1-first-defaults-auditlog.json");
        guard.gke().created(entry);

        guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        String pool = "projects/acme-dev/locations/europe-west4-a/clusters/scratch/nodePools/default-pool";
        assertEquals(List.of(Issues.expected(pool, "HIGH: node pool default-pool in cluster scratch exposes node"
                + " metadata", "open", List.of("MG001", "MG002"))), Issues.lines(guard.issuesAbout(pool)));
        assertEquals(new Counts(1, 0, 1, 0), guard.counts().minus(before));
        assertEquals(List.of(), guard.takeDeadLetters(0));
        assertFalse(guard.anyOutputContains(Guard.GITHUB_TOKEN));
    }

    private static RemediationOutcome plan(String cluster, String pool) {
        return Issues.outcome(Kind.DRY_RUN_PLAN, cluster + "/nodePools/" + ReplacementName.of(pool), "");
    }
}
