package dev.metadataguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.e2e.Guard.Counts;
import dev.metadataguard.e2e.Guard.Function;
import dev.metadataguard.e2e.PushBridge.Delivery;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.ticket.sink.FakeGitHub;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guard enforcing ({@code test-events/policies/enforce.yaml}: acme-prod pools are replaced by compliant
 * ones running as gke-nodes, originals kept), end to end as in {@link DryRunEndToEndIT}.
 */
class EnforceEndToEndIT extends GuardScenarios {

    private static final String NODE_ACCOUNT = "gke-nodes@acme-prod.iam.gserviceaccount.com";

    @Override
    String policy() {
        return "enforce.yaml";
    }

    @Test
    void aNonCompliantPoolIsReplacedOnceAndTheReplacementsOwnEventMarksItReadyOnTheOpenTicket() {
        JsonNode entry = AuditEntries.of("07-create-node-pool-v1-first-exposed-background.json");
        guard.gke().created(entry);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        String batch = PAYMENTS + "/nodePools/batch";
        String replacement = PAYMENTS + "/nodePools/" + ReplacementName.of("batch");
        RemediationOutcome created = Issues.outcome(Kind.REPLACEMENT_CREATED, replacement, operationOf(batch));
        String ticket = Issues.expected(batch, "HIGH: node pool batch in cluster payments exposes node metadata",
                "open", List.of("MG001", "MG002", "MG005"), created);
        assertEquals(List.of(ticket), Issues.lines(guard.issuesAbout(batch)), guard::diagnostics);
        assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        Counts counts = guard.counts().minus(before);
        // The ticket first, then the outcome, and one note per wait while GKE was busy with another operation.
        int busy = guard.busyRetries() - busyBefore;
        assertEquals(List.of(1, 2 + busy), List.of(counts.issues(), counts.ticketRequests()), guard::diagnostics);
        // GKE refuses an operation while another runs on the cluster, so the replacer may be delivered the
        // request again (each delivery makes one CreateNodePool call); exactly one creation is checked below.
        assertEquals(counts.replacementRequests(), counts.createNodePoolCalls(), guard::diagnostics);
        assertEquals(List.of("batch", ReplacementName.of("batch")),
                guard.gke().poolsOf(PAYMENTS).stream().filter(p -> p.startsWith("batch")).toList());
        assertEquals(List.of(created.operation()), guard.gke().creationsOf(replacement).stream().map(op -> op.getName()).toList());
        assertCompliant(replacement);
        assertEquals(List.of(), guard.takeDeadLetters(0));

        Counts replaced = guard.counts();
        String own = guard.publish(AuditEntries.bytes(AuditEntries.replacerCreated(replacement,
                created.operation(), Instant.now())));
        guard.awaitSettled(SETTLE);

        JsonNode verdict = evaluation(own);
        assertEquals(List.of("compliant", "none", "compliant replacement of " + batch), List.of(
                verdict.path("outcome").asText(), verdict.path("decision").asText(), verdict.path("reason").asText()));
        // The compliant verdict names the pool it replaces, and its operation is the one recorded on the
        // original's ticket: the replacement is ready. The original still runs as it was, so the ticket stays
        // open until the original is gone or compliant; nothing else is asked for.
        assertEquals(new Counts(0, 0, 1, 0), guard.counts().minus(replaced));
        RemediationOutcome ready = Issues.outcome(Kind.REPLACEMENT_COMPLIANT, replacement, created.operation());
        assertEquals(List.of(Issues.expected(batch, "HIGH: node pool batch in cluster payments exposes node metadata",
                "open", List.of("MG001", "MG002", "MG005"), created, ready)), Issues.lines(guard.issuesAbout(batch)),
                guard::diagnostics);
        // The ticket was opened before the replacer acted: the creation and then the readiness are its comments.
        List<String> comments = guard.issuesAbout(batch).get(0).comments().stream()
                .filter(c -> !c.contains("replacement waiting:")).toList();
        assertEquals(2, comments.size(), comments::toString);
        assertTrue(comments.get(0).startsWith("**replacement created:**"), comments.get(0));
        // The name may be shown as code (its hex suffix reads like a commit id, which GitHub would link).
        assertTrue(comments.get(1).replace("`", "").contains("Replacement ready: " + replacement), comments.get(1));
        assertEquals(List.of(), guard.issuesAbout(replacement));
        assertEquals(List.of("batch", ReplacementName.of("batch")),
                guard.gke().poolsOf(PAYMENTS).stream().filter(p -> p.startsWith("batch")).toList());
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void aClusterWithThreePoolsOfMixedComplianceGetsAReplacementWhereItHelpsAndATicketPerNonCompliantPool() {
        JsonNode entry = AuditEntries.of("19-create-cluster-v1-first-three-pools-mixed.json");
        guard.gke().created(entry);

        String id = guard.publish(AuditEntries.bytes(entry));
        guard.awaitSettled(SETTLE);

        assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        String batch = CHECKOUT + "/nodePools/batch";
        String jobs = CHECKOUT + "/nodePools/jobs";
        assertEquals(List.of(Issues.expected(batch, "HIGH: node pool batch in cluster checkout exposes node metadata",
                "open", List.of("MG001", "MG002", "MG005"), Issues.outcome(Kind.REPLACEMENT_CREATED,
                        CHECKOUT + "/nodePools/" + ReplacementName.of("batch"), operationOf(batch)))),
                Issues.lines(guard.issuesAbout(batch)), guard::diagnostics);
        // jobs fails only the informational MG004, which never leads to a replacement on its own.
        assertEquals(List.of(Issues.expected(jobs, "LOW: node pool jobs in cluster checkout keeps a legacy metadata"
                + " setting", "open", List.of("MG004"))), Issues.lines(guard.issuesAbout(jobs)));
        assertEquals(List.of(), guard.issuesAbout(CHECKOUT + "/nodePools/web"));
        int busy = guard.busyRetries() - busyBefore;
        assertEquals(new Counts(2, 1 + busy, 3 + busy, 1 + busy), guard.counts().minus(before));
        assertEquals(Stream.of("web", "batch", "jobs", ReplacementName.of("batch")).sorted().toList(),
                guard.gke().poolsOf(CHECKOUT).stream().sorted().toList());
        assertCompliant(CHECKOUT + "/nodePools/" + ReplacementName.of("batch"));
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void theSameEventTwentyTimesGivesOneReplacementAndOneTicket() {
        JsonNode entry = AuditEntries.of("15-create-node-pool-v1-first-over-privileged-sa.json");
        guard.gke().created(entry);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(guard.publish(AuditEntries.bytes(entry)));
        }
        guard.awaitSettled(SETTLE);

        for (String id : ids) {
            assertEquals(List.of(new Delivery(id, 1, 200)), guard.deliveries(Function.AUDIT_INSPECTOR, id));
        }
        String pool = PAYMENTS + "/nodePools/ci-runners";
        String replacement = PAYMENTS + "/nodePools/" + ReplacementName.of("ci-runners");
        assertEquals(List.of("ci-runners", ReplacementName.of("ci-runners")),
                guard.gke().poolsOf(PAYMENTS).stream().filter(p -> p.startsWith("ci-runners")).toList());
        assertCompliant(replacement);
        // One delivery created the pool; the others found it and say so, once, on the same ticket.
        assertEquals(List.of(Issues.expected(pool, "HIGH: node pool ci-runners in cluster payments runs nodes with an"
                + " unsafe service account", "open", List.of("MG003"),
                Issues.outcome(Kind.REPLACEMENT_CREATED, replacement, operationOf(pool)),
                Issues.outcome(Kind.REPLACEMENT_CREATED, replacement, ""))),
                Issues.lines(guard.issuesAbout(pool)), guard::diagnostics);
        // GKE created the pool once; copies that called CreateNodePool at the same moment were refused
        // (ALREADY_EXISTS, or busy and redelivered) and found it afterwards.
        assertEquals(1, guard.gke().creationsOf(replacement).size());
        int busy = guard.busyRetries() - busyBefore;
        Counts added = guard.counts().minus(before);
        assertEquals(new Counts(1, added.createNodePoolCalls(), 40 + busy, 20 + busy), added);
        assertEquals(List.of(), guard.takeDeadLetters(0));
    }

    @Test
    void forgedReplacementRequestsPostedToTheReplacerChangeNothingWhileAGenuineOneIsCarriedOut() {
        guard.gke().created(AuditEntries.of("05-create-node-pool-v1-first-compliant.json"));
        guard.gke().created(AuditEntries.of("16-create-node-pool-v1-first-exempt-label.json"));
        // Event 07's pool under a name of its own: the other scenarios of this guard replace batch itself.
        JsonNode exposed = renamed(AuditEntries.of("07-create-node-pool-v1-first-exposed-background.json"), "genuine");
        guard.gke().created(exposed);
        String genuine = AuditEntries.event(exposed).resource().name();
        // The same exposed pool in a project whose remediation, by enforce.yaml, is a ticket.
        JsonNode elsewhere = AuditEntries.inProject(exposed, "acme-dev");
        guard.gke().created(elsewhere);
        List<String> pools = guard.gke().poolsOf(PAYMENTS);
        List<String> forged = List.of(PAYMENTS + "/nodePools/api", PAYMENTS + "/nodePools/legacy-agent",
                AuditEntries.event(elsewhere).resource().name(),
                PAYMENTS + "/nodePools/ghost");

        for (int i = 0; i < forged.size(); i++) {
            assertEquals(200, guard.post(Function.NODE_POOL_REPLACER, "forged-" + i, bytes(request(forged.get(i)))));
        }
        assertEquals(200, guard.post(Function.NODE_POOL_REPLACER, "genuine", bytes(request(genuine, "MG001"))));
        ObjectNode unsigned = request(forged.get(0));
        unsigned.remove("fingerprint");
        assertEquals(200, guard.post(Function.NODE_POOL_REPLACER, "unsigned", bytes(unsigned)));
        guard.awaitSettled(SETTLE);

        String replacement = PAYMENTS + "/nodePools/" + ReplacementName.of(AuditEntries.event(exposed).resource().nodePool());
        List<String> expected = new ArrayList<>(pools);
        expected.add(ReplacementName.of(AuditEntries.event(exposed).resource().nodePool()));
        assertEquals(expected, guard.gke().poolsOf(PAYMENTS), guard::diagnostics);
        assertCompliant(replacement);
        assertEquals(1, guard.gke().creationsOf(replacement).size());
        assertEquals(0, guard.gke().calls("DeleteNodePool") + guard.gke().calls("UpdateNodePool")
                + guard.gke().calls("UpdateCluster") + guard.gke().calls("SetNodePoolSize"));
        for (String pool : forged) {
            assertEquals(List.of(), guard.issuesAbout(pool), "a forged request opens no ticket");
        }
        assertEquals(List.of(Kind.REPLACEMENT_CREATED.name()), guard.logOf(Function.NODE_POOL_REPLACER).stream()
                .filter(l -> l.path("event").asText().equals("genuine")).map(l -> l.path("outcome").asText()).toList());
        assertEquals(List.of("stale", "stale", "stale"), guard.logOf(Function.NODE_POOL_REPLACER).stream()
                .filter(l -> l.path("event").asText().startsWith("forged-")).map(l -> l.path("decision").asText())
                .filter(d -> !d.isEmpty()).toList());
        List<Guard.DeadLetter> letters = guard.takeDeadLetters(1);
        assertEquals(List.of("replacement-requests"), letters.stream().map(Guard.DeadLetter::topic).toList());
        assertTrue(letters.get(0).attributes().get("reason").contains("fingerprint"), letters.toString());
    }

    @Test
    void aReplacementGkeNeverTakesIsDeadLetteredAndItsTicketOpenedFirstStillSaysWhy() throws Exception {
        JsonNode entry = renamed(AuditEntries.of("07-create-node-pool-v1-first-exposed-background.json"), "stuck");
        guard.gke().created(entry);
        String stuck = PAYMENTS + "/nodePools/stuck";
        int creates = guard.gke().calls("CreateNodePool");
        // GKE never takes the replacement: every delivery the subscription allows meets UNAVAILABLE.
        guard.gke().failNext("CreateNodePool", io.grpc.Status.Code.UNAVAILABLE, PubsubWiring.MAX_DELIVERY_ATTEMPTS);

        guard.publish(AuditEntries.bytes(entry));
        List<Guard.DeadLetter> letters = guard.takeDeadLetters(1);
        guard.awaitSettled(SETTLE);

        assertEquals(List.of("replacement-requests"), letters.stream().map(Guard.DeadLetter::topic).toList(),
                guard::diagnostics);
        assertEquals(PubsubWiring.MAX_DELIVERY_ATTEMPTS, guard.gke().calls("CreateNodePool") - creates);
        assertEquals(List.of("stuck"), guard.gke().poolsOf(PAYMENTS).stream().filter(p -> p.startsWith("stuck")).toList());
        List<FakeGitHub.Issue> issues = guard.issuesAbout(stuck);
        assertEquals(1, issues.size(), guard::diagnostics);
        assertEquals("open", issues.get(0).state());
        List<String> waits = issues.get(0).comments().stream().filter(c -> c.contains("Not replaced yet:")).toList();
        assertTrue(!waits.isEmpty() && waits.get(waits.size() - 1).contains("UNAVAILABLE"),
                "the ticket, opened before the replacer was asked, says what the replacement last waited for: "
                        + issues.get(0).comments());
    }

    /** A replace request for {@code pool} naming {@code checkIds}, as anyone allowed to publish could write it. */
    private static ObjectNode request(String pool, String... checkIds) {
        List<Finding> findings = Stream.of(checkIds).map(id -> new Finding(id, "claimed " + id, Severity.HIGH,
                new Evidence("config", "compliant", "not"), "")).toList();
        return Json.mapper().valueToTree(new Decision(Fingerprint.of(pool, List.of(checkIds)), pool,
                Outcome.VIOLATION, findings, List.of(), Action.REPLACE, "remediation: replace", "enforce",
                "google.container.v1.ClusterManager.CreateNodePool", "", "", Instant.now(), null));
    }

    /** Event 07's entry about pool batch, about a pool of another name. */
    private static JsonNode renamed(JsonNode batchEntry, String name) {
        try {
            return Json.mapper().readTree(batchEntry.toString().replace("nodePools/batch", "nodePools/" + name)
                    .replace("\"name\":\"batch\"", "\"name\":\"" + name + "\""));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void assertCompliant(String pool) {
        NodePool live = guard.gke().pool(pool);
        assertEquals(List.of(WorkloadMetadataConfig.Mode.GKE_METADATA.name(), NODE_ACCOUNT, "true"), List.of(
                live.getConfig().getWorkloadMetadataConfig().getMode().name(), live.getConfig().getServiceAccount(),
                live.getConfig().getMetadataOrDefault("disable-legacy-endpoints", "")));
    }

    /** The GKE operation that created {@code original}'s replacement, as the replacer logged it. */
    private String operationOf(String original) {
        return guard.logOf(Function.NODE_POOL_REPLACER).stream()
                .filter(l -> l.path("resource").asText().equals(original)
                        && l.path("outcome").asText().equals(Kind.REPLACEMENT_CREATED.name())
                        && !l.path("operation").asText().isEmpty())
                .map(l -> l.path("operation").asText()).reduce((a, b) -> a + " and " + b).orElse("(none)");
    }

    /** The inspector's verdict on the entry published as {@code messageId}. */
    private JsonNode evaluation(String messageId) {
        return guard.logOf(Function.AUDIT_INSPECTOR).stream()
                .filter(l -> l.path("event").asText().equals(messageId) && l.path("message").asText().equals("evaluated"))
                .findFirst().orElseThrow(() -> new AssertionError("no verdict on " + messageId + guard.diagnostics()));
    }
}
