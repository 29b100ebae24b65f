package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The replay's command line: options, inputs, output forms and exit status (each event's rows: ExpectedRowsTest). */
class ReplayTest {

    private static final String IAM = TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString();

    private static ReplayRun run(String stdin, String... args) {
        try {
            return runIn(Files.createTempDirectory("tickets"), stdin, args);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ReplayRun runIn(Path tickets, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--tickets-dir", tickets.toString()));
        all.addAll(List.of(args));
        args = all.toArray(String[]::new);
        return ReplayRun.of(Map.of(), stdin, args);
    }

    private static List<String> findings(JsonNode row) {
        List<String> ids = new ArrayList<>();
        row.path("findings").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static String summary(JsonNode row) {
        String source = row.path("source").asText();
        return source.substring(source.lastIndexOf('/') + 1) + " " + row.path("resource").asText()
                .replaceFirst("^projects/[^/]+/locations/[^/]+/clusters/", "") + " " + row.path("outcome").asText()
                + " " + row.path("findings") + " " + row.path("action").asText();
    }

    /** A policy file: {@code policy} with the checks the events do not spell out switched off. */
    private static String spelledOut(String policy) {
        try {
            Path file = Files.createTempFile("policy", ".yaml");
            Files.writeString(file, SpelledOutChecks.only(policy));
            return file.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withoutTheIamExportMg003IsUnknown() {
        ReplayRun r = run("", "--json", "--policy", spelledOut("mode: dry-run\n"),
                TestEvents.event("15-create-node-pool-v1-first-over-privileged-sa.json").toString());
        JsonNode row = r.lines().get(0);
        assertEquals("unknown", row.path("outcome").asText());
        assertEquals("unsettled: MG003: no IAM policy available for the project (local mode without --iam)",
                row.path("reason").asText());
    }

    @Test
    void aRoleGrantedOnTheFolderMakesTheNodeAccountOverPrivileged(@org.junit.jupiter.api.io.TempDir Path tickets)
            throws IOException {
        String event = TestEvents.event("01-create-cluster-v1-first-compliant.json").toString();
        String folder = "folders/417=" + TestEvents.root().resolve("iam/acme-folder-iam-policy.json");

        List<JsonNode> projectOnly = runIn(tickets, "", "--json", "--iam", "projects/acme-prod=" + IAM, event).lines();
        List<JsonNode> withFolder = runIn(tickets, "", "--json", "--iam", "projects/acme-prod=" + IAM, "--iam", folder,
                event).lines();

        // The folder's binding adds MG003 to every pool, and nothing else.
        assertEquals(projectOnly.stream().map(r -> Stream.concat(findings(r).stream(), Stream.of("MG003")).sorted()
                .toList()).toList(), withFolder.stream().map(r -> findings(r).stream().sorted().toList()).toList());
        assertTrue(projectOnly.stream().noneMatch(r -> r.path("findings").toString().contains("MG003")),
                projectOnly.toString());
        try (var files = Files.list(tickets)) {
            String ticket = Files.readString(files.filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow());
            assertTrue(ticket.contains("roles/compute.admin (on folders/417)"), ticket);
        }
    }

    @Test
    void jsonLinesCarryEveryKey() {
        JsonNode row = run("", "--json", TestEvents.event("10-create-node-pool-v1-first-legacy-endpoints-messagepublished.json")
                .toString()).lines().get(0);
        assertEquals(List.of("source", "method", "resource", "outcome", "findings", "action", "reason"),
                iterable(row.fieldNames()));
        assertEquals("google.container.v1.ClusterManager.CreateNodePool", row.path("method").asText());
        assertEquals("projects/acme-prod/locations/europe-west1-b/clusters/payments/nodePools/legacy-endpoints",
                row.path("resource").asText());
    }

    /** Unreadable files among good ones, an empty one and a wrong-typed request field included: no stack trace. */
    @Test
    void unreadableInputIsReportedAndExitsTwoAfterAllOfIt() {
        String good = "05-create-node-pool-v1-first-compliant.json";
        ReplayRun r = run("", "--json", "--iam", IAM, TestEvents.root().resolve("malformed").toString(),
                TestEvents.event(good).toString());
        assertEquals(2, r.exit());
        List<JsonNode> rows = r.lines();
        assertEquals(List.of("error", "error", "error", "error", "error", ExpectedRows.outcomeOf(good, "api")),
                rows.stream().map(n -> n.path("outcome").asText()).toList());
        assertTrue(rows.get(0).path("reason").asText().contains("not valid base64"));
        assertTrue(rows.get(1).path("reason").asText().endsWith("empty.json: empty; expected JSON"),
                rows.get(1).toString());
        assertEquals("protoPayload.request.nodePool.initialNodeCount: \"lots\" is not an integer",
                rows.get(4).path("reason").asText());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void stdinIsReadWithDash() throws IOException {
        String entry = Files.readString(TestEvents.event("04-create-cluster-v1-first-defaults-auditlog.json"));
        JsonNode row = run(entry, "--json", "-").lines().get(0);
        assertEquals("-", row.path("source").asText());
        assertEquals("violation", row.path("outcome").asText());
    }

    @Test
    void tableHasAHeaderARowPerEvaluationAndTotals() {
        ReplayRun r = run("", "--iam", IAM, "--iam", ExpectedRowsTest.FOLDER_IAM, "--iam", ExpectedRowsTest.SANDBOX_IAM,
                TestEvents.root().toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("SOURCE"), lines[0]);
        Map<String, Long> outcomes = new TreeMap<>(TestEvents.all().stream().flatMap(e -> ExpectedRows.of(e).rows().stream())
                .collect(Collectors.groupingBy(row -> row.path("outcome").asText(), Collectors.counting())));
        assertEquals(outcomes.values().stream().mapToLong(Long::longValue).sum() + " rows: " + outcomes.entrySet()
                .stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                lines[lines.length - 1]);
    }

    @Test
    void badUsageSaysWhatToChange() {
        ReplayRun r = run("", "--frobnicate", "x");
        assertEquals(64, r.exit());
        assertTrue(reason(r).startsWith("unknown option --frobnicate"), r.err());
        assertEquals(64, run("", "--json").exit());
    }

    @Test
    void sendingOptionsThatCannotWorkTogetherAreRefused() {
        String event = TestEvents.event("05-create-node-pool-v1-first-compliant.json").toString();
        assertEquals("give one of --url, --topic and --serve-gke", reason(ReplayRun.of(Map.of(), "",
                "--url", "http://127.0.0.1:8080", "--topic", "projects/p/topics/t", event)));
        assertEquals("--serve-gke needs a port number, got 'http'", reason(ReplayRun.of(Map.of(), "",
                "--serve-gke", "http", event)));
        assertEquals("--operation-seconds goes with --serve-gke: it sets how long the served GKE's operations run",
                reason(ReplayRun.of(Map.of(), "", "--operation-seconds", "45", event)));
        assertEquals("--operation-seconds needs a whole number of seconds, 0 or more, got '-1'",
                reason(ReplayRun.of(Map.of(), "", "--serve-gke", "0", "--operation-seconds", "-1", event)));
        assertEquals("--token and --token-file go with --url", reason(ReplayRun.of(Map.of(), "",
                "--topic", "projects/p/topics/t", "--token", "x", event)));
        assertEquals("--topic needs projects/PROJECT/topics/TOPIC, got 'gke-audit-events'",
                reason(ReplayRun.of(Map.of(), "", "--topic", "gke-audit-events", event)));
        assertEquals("--url needs an http or https URL, got 'localhost:8080'",
                reason(ReplayRun.of(Map.of(), "", "--url", "localhost:8080", event)));
        ReplayRun withPolicy = ReplayRun.of(Map.of(), "", "--url", "http://127.0.0.1:8080", "--policy", "p.yaml", event);
        assertEquals(64, withPolicy.exit());
        assertEquals("--policy, --iam, --tickets-dir, --html and --prevent are for the local replay; a function reads"
                + " its own policy from its environment", reason(withPolicy));
    }

    /** The reason the first diagnostic gives: stderr holds one JSON object a line. */
    private static String reason(ReplayRun run) {
        String first = run.err().lines().findFirst().orElse("{}");
        try {
            return TestEvents.JSON.readTree(first).path("reason").asText();
        } catch (IOException e) {
            throw new AssertionError("stderr is not JSON lines: " + run.err(), e);
        }
    }

    @Test
    void writesOneTicketPerFingerprintAndLeavesItAloneOnReplay(@org.junit.jupiter.api.io.TempDir Path tickets)
            throws IOException {
        String first = TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString();
        String last = TestEvents.event("08-create-node-pool-v1-last-exposed.json").toString();
        List<JsonNode> rows = runIn(tickets, "", "--json", first, last).lines();
        assertTrue(rows.get(0).path("reason").asText().startsWith("remediation: ticket; ticket opened "),
                rows.get(0).toString());
        assertEquals("remediation: ticket; ticket unchanged", rows.get(1).path("reason").asText());
        try (var files = Files.list(tickets)) {
            assertEquals(List.of(".json", ".md"), files.map(p -> p.getFileName().toString())
                    .map(n -> n.substring(n.lastIndexOf('.'))).sorted().toList());
        }
        assertEquals("remediation: ticket; ticket unchanged",
                runIn(tickets, "", "--json", first).lines().get(0).path("reason").asText());
    }

    /** A script reads what the replacer planned or did from {@code remedy}, not from the reason's prose. */
    @Test
    void jsonRowsCarryTheRemedyWhenAReplacementWasPlannedOrMade() {
        String cluster = TestEvents.event("01-create-cluster-v1-first-compliant.json").toString();
        String exposed = TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString();
        String again = TestEvents.event("08-create-node-pool-v1-last-exposed.json").toString();
        String noIdentity = TestEvents.event("20-create-cluster-v1-first-no-workload-identity.json").toString();

        List<JsonNode> planned = withRemedy(run("", "--json", "--policy", TestEvents.root().resolve("policies/dry-run.yaml")
                .toString(), "--iam", IAM, cluster, exposed).lines());
        List<JsonNode> enforced = withRemedy(run("", "--json", "--policy", TestEvents.root().resolve("policies/enforce.yaml")
                .toString(), "--iam", IAM, cluster, exposed, again, noIdentity).lines());
        List<JsonNode> ticketOnly = run("", "--json", "--iam", IAM, cluster, exposed).lines();

        assertEquals(1, planned.size(), planned.toString());
        JsonNode plan = planned.get(0).path("remedy");
        assertEquals("replace", plan.path("kind").asText());
        assertEquals("planned", plan.path("status").asText());
        assertTrue(plan.path("pool").asText().startsWith("batch-mg-"), plan.toString());
        assertEquals(3, plan.path("nodes").asInt());
        assertEquals("GKE_METADATA", plan.path("settings").path("workloadMetadataMode").asText());
        assertEquals("gke-nodes@acme-prod.iam.gserviceaccount.com", plan.path("settings").path("serviceAccount").asText());
        assertEquals("true", plan.path("settings").path("disableLegacyEndpoints").asText());
        assertEquals(List.of("created", "exists", "refused"), enforced.stream().map(r -> r.path("remedy").path("status")
                .asText()).toList());
        assertEquals(plan.path("pool"), enforced.get(0).path("remedy").path("pool"));
        assertEquals(3, enforced.get(1).path("remedy").path("nodes").asInt());
        assertTrue(enforced.get(2).path("remedy").path("reason").asText().startsWith("Not replaced: Workload Identity"),
                enforced.get(2).toString());
        assertFalse(enforced.get(2).path("remedy").has("pool"));
        assertTrue(ticketOnly.stream().noneMatch(r -> r.has("remedy")), "no remedy key without a replacement");
    }

    /** The rows with a remedy, but the cluster's: its event is there to create the cluster the others add to. */
    private static List<JsonNode> withRemedy(List<JsonNode> rows) {
        return rows.stream().filter(r -> r.has("remedy"))
                .filter(r -> !r.path("source").asText().endsWith("01-create-cluster-v1-first-compliant.json")).toList();
    }

    @Test
    void enforcePolicyReplacesAcmeProdPoolsAndSaysWhyWhenItCannot() throws IOException {
        // The scenario is about which of these events' pools the enforce policy replaces, on the checks they spell out.
        List<JsonNode> rows = run("", "--json", "--policy", spelledOut(Files.readString(TestEvents.root()
                .resolve("policies/enforce.yaml"))), "--iam", IAM, TestEvents.root().toString()).lines();
        java.util.Map<String, String> reasons = new java.util.LinkedHashMap<>();
        rows.stream().filter(r -> r.path("action").asText().equals("replace"))
                .forEach(r -> reasons.put(summary(r), r.path("reason").asText()));
        assertEquals(List.of(
                "07-create-node-pool-v1-first-exposed-background.json payments/nodePools/batch violation"
                        + " [\"MG001\",\"MG002\",\"MG005\"] replace",
                "08-create-node-pool-v1-last-exposed.json payments/nodePools/batch violation"
                        + " [\"MG001\",\"MG002\",\"MG005\"] replace",
                "15-create-node-pool-v1-first-over-privileged-sa.json payments/nodePools/ci-runners violation"
                        + " [\"MG003\"] replace",
                "19-create-cluster-v1-first-three-pools-mixed.json checkout/nodePools/batch violation"
                        + " [\"MG001\",\"MG002\",\"MG005\"] replace",
                "20-create-cluster-v1-first-no-workload-identity.json reports/nodePools/default-pool violation"
                        + " [\"MG001\",\"MG002\",\"MG005\"] replace",
                "23-update-node-pool-v1-first-hardened-to-gce-metadata.json payments/nodePools/api violation"
                        + " [\"MG001\"] replace",
                "24-update-cluster-v1-first-enable-workload-identity.json reports/nodePools/default-pool violation"
                        + " [\"MG001\",\"MG002\",\"MG005\"] replace",
                "25-update-node-pool-v1beta1-first-gke-metadata-server.json reports/nodePools/default-pool violation"
                        + " [\"MG002\",\"MG005\"] replace",
                // A label on the cluster, or one naming no pool, marks nothing: these pools are replaced as any other.
                "28-create-cluster-v1-first-replaces-label-on-cluster.json cart/nodePools/batch violation"
                        + " [\"MG001\",\"MG002\",\"MG005\"] replace",
                "29-create-cluster-v1-first-replaces-label-not-a-pool-name.json orders/nodePools/batch violation"
                        + " [\"MG001\",\"MG002\",\"MG005\"] replace"), List.copyOf(reasons.keySet()));
        List<String> why = List.copyOf(reasons.values());
        // The ticket is opened before the replacer acts, and its outcome is then added to it.
        assertTrue(why.get(0).matches("remediation: replace; ticket opened mg-[0-9a-f]{16}\\.md; replacement"
                + " batch-mg-f80b52d4 created, 3 nodes per zone in 1 zone; ticket outcome_added mg-[0-9a-f]{16}\\.md"),
                why.get(0));
        assertTrue(why.get(1).matches("remediation: replace; ticket unchanged; replacement batch-mg-f80b52d4 already"
                + " there, 3 nodes per zone in 1 zone.*"), why.get(1));
        for (String created : why.subList(2, 4)) {
            assertTrue(created.matches("remediation: replace; ticket opened mg-[0-9a-f]{16}\\.md; replacement [a-z0-9-]+"
                    + " created, \\d+ nodes? per zone in \\d+ zones?; .*"), "every replacement shows its size: " + created);
        }
        assertTrue(why.get(4).matches("remediation: replace; ticket opened mg-[0-9a-f]{16}\\.md; not replaced: Workload"
                + " Identity is off on cluster reports, and the GKE metadata server \\(GKE_METADATA\\) needs it; ticket"
                + " outcome_added mg-.*"), why.get(4));
        // The pools whose only finding is the informational MG004 get a ticket, whatever the rules say.
        List<String> informational = rows.stream().filter(r -> r.path("findings").toString().equals("[\"MG004\"]"))
                .map(r -> r.path("action").asText() + ": " + r.path("reason").asText().replaceFirst(";.*", "")).toList();
        // Events 10, 19, 28 and 29 each hold one (payments/legacy-endpoints, and the jobs pools of checkout, cart, orders).
        assertEquals(java.util.Collections.nCopies(4, "ticket: only informational findings, which never lead to a"
                + " replacement on their own"), informational);
    }

    @Test
    void dryRunPolicyShowsThePlannedReplacement() {
        List<JsonNode> rows = run("", "--json", "--policy", TestEvents.root().resolve("policies/dry-run.yaml").toString(),
                "--iam", IAM, TestEvents.event("01-create-cluster-v1-first-compliant.json").toString(),
                TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString()).lines();
        JsonNode batch = rows.get(1);
        assertEquals("replace", batch.path("action").asText());
        assertTrue(batch.path("reason").asText().matches("remediation: replace; ticket opened mg-[0-9a-f]{16}\\.md;"
                + " dry-run: would create batch-mg-f80b52d4 \\(GKE_METADATA, least-privilege SA\\); ticket outcome_added"
                + " mg-[0-9a-f]{16}\\.md"), batch.path("reason").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void preventAddsThePreventedColumnAndSaysHowManyRequestsTheConstraintsWouldHaveRefused() {
        ReplayRun run = run("", "--prevent", "--iam",
                TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(),
                TestEvents.root().resolve("22-gcloud-export-cluster-lifecycle.json").toString());

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("SOURCE +METHOD +RESOURCE +OUTCOME +FINDINGS +ACTION +PREVENTED +REASON"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("v1 CreateNodePool") && l.contains("Mg001NodePool")
                && l.contains("prevent: MG001 refused on the request as sent")), run.out());
        assertEquals("1 of 6 creations and updates would have been refused", lines.get(lines.size() - 1));
    }

    @Test
    void withoutPreventTheTableHasNoPreventedColumnAndNoPreviewLine() {
        ReplayRun run = run("", TestEvents.root().resolve("22-gcloud-export-cluster-lifecycle.json").toString());

        assertEquals(0, run.exit(), run.err());
        assertFalse(run.out().contains("PREVENTED"), run.out());
        assertFalse(run.out().contains("would have been refused"), run.out());
    }

    /**
     * The replacement of a GKE Sandbox pool, as the dry-run plan writes the CreateNodePool request: GKE's own
     * {@code sandbox.gke.io/runtime} label and taint, which GKE wrote on the original and refuses in a request, are
     * left out; sandbox_config, the pool's own labels and taints stay.
     */
    @Test
    void aSandboxPoolsPlannedReplacementCarriesNoLabelOrTaintGkeManages(@org.junit.jupiter.api.io.TempDir
                                                                        Path tickets) throws IOException {
        ReplayRun run = runIn(tickets, "", "--json", "--policy", TestEvents.root().resolve("policies/dry-run.yaml").toString(),
                "--iam", IAM, TestEvents.root().resolve("enforce/01-create-cluster-v1-first-payments.json").toString(),
                TestEvents.root().resolve("enforce/02-create-node-pool-v1-first-gvisor.json").toString());
        assertEquals(0, run.exit(), run.err());

        JsonNode request = null;
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(tickets)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (JsonNode outcome : TestEvents.JSON.readTree(file.toFile()).path("outcomes")) {
                    if (outcome.path("kind").asText().equals("DRY_RUN_PLAN")) {
                        request = TestEvents.JSON.readTree(outcome.path("detail").asText());
                    }
                }
            }
        }
        JsonNode config = java.util.Objects.requireNonNull(request, "a dry-run plan on the ticket").path("nodePool").path("config");
        assertEquals("GVISOR", config.path("sandboxConfig").path("type").asText());
        assertEquals(Map.of("team", "untrusted", "metadata-guard-replaces", "sandboxed"),
                TestEvents.JSON.convertValue(config.path("labels"), Map.class));
        assertEquals(List.of("workload"), config.path("taints").findValues("key").stream().map(JsonNode::asText).toList());
    }
}
