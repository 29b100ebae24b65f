package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.container.v1.NodeConfig;
import com.google.protobuf.util.JsonFormat;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.GeneratedSection;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The estate audit: the replay over what gcloud prints for clusters (test-events/estate/), each file
 * giving the rows its {@code .expected.json} lists, and the tickets a sweep would keep.
 */
class EstateAuditTest {

    private static final String IAM = TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString();

    static Stream<Path> listings() throws IOException {
        try (Stream<Path> files = Files.list(TestEvents.root().resolve("estate"))) {
            return files.filter(p -> !p.toString().endsWith(".expected.json")).sorted().toList().stream();
        }
    }

    private static ReplayRun audit(Path tickets, String... paths) {
        List<String> args = new ArrayList<>(List.of("--json", "--prevent", "--iam", IAM, "--tickets-dir",
                tickets.toString()));
        args.addAll(List.of(paths));
        return ReplayRun.of(Map.of(), "", args.toArray(String[]::new));
    }

    private static List<String> rows(ReplayRun run) {
        return run.lines().stream().map(EstateAuditTest::brief).toList();
    }

    private static String brief(JsonNode r) {
        return r.path("resource").asText() + " " + r.path("outcome").asText() + " " + r.path("findings") + " "
                + r.path("action").asText();
    }

    /** What a listing's expected rows hold: the guard's verdict and the preview's, the constraints it names. */
    private static String row(JsonNode r) {
        return r.path("resource").asText() + " " + r.path("outcome").asText() + " " + r.path("findings") + " "
                + r.path("action").asText() + " prevented " + r.path("prevented");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listings")
    void eachListingGivesItsExpectedRowsAndOneTicketPerViolation(Path listing, @TempDir Path tickets) throws IOException {
        ReplayRun run = audit(tickets, listing.toString());
        assertEquals(0, run.exit(), run.err());
        String name = listing.getFileName().toString();
        Path expectedFile = listing.resolveSibling(name.replace(".json", ".expected.json"));
        JsonNode expected = TestEvents.JSON.readTree(expectedFile.toFile());
        if (Boolean.getBoolean(GeneratedSection.REGENERATE)) {
            expected = regenerate(expectedFile, run.lines());
        }
        List<String> want = new ArrayList<>();
        expected.forEach(r -> want.add(row(r)));
        assertEquals(want, run.lines().stream().map(EstateAuditTest::row).toList());
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).has("reason")) {
                assertEquals(expected.get(i).path("reason").asText(), run.lines().get(i).path("reason").asText());
            }
        }
        long violations = run.lines().stream().filter(r -> r.path("action").asText().equals("ticket")).count();
        assertEquals(violations, openTickets(tickets).size());
    }

    /** The rows as the replay gives them now, with the fields a reader of the audit looks at. */
    private static JsonNode regenerate(Path file, List<JsonNode> lines) throws IOException {
        ArrayNode rows = TestEvents.JSON.createArrayNode();
        for (JsonNode line : lines) {
            ObjectNode row = rows.addObject();
            for (String field : List.of("resource", "outcome", "findings", "action", "reason", "prevented")) {
                if (line.has(field)) {
                    row.set(field, line.get(field));
                }
            }
        }
        Files.writeString(file, TestEvents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows) + "\n");
        return rows;
    }

    @Test
    void aSecondAuditOfTheSameEstateChangesNoTicket(@TempDir Path tickets) throws IOException {
        String estate = TestEvents.root().resolve("estate").toString();
        assertEquals(0, audit(tickets, estate).exit());
        Map<String, String> before = snapshot(tickets);
        ReplayRun again = audit(tickets, estate);
        assertEquals(0, again.exit(), again.err());
        assertEquals(before, snapshot(tickets));
        assertTrue(again.lines().stream().allMatch(r -> !r.path("reason").asText().contains("ticket opened")), again.out());
    }

    @Test
    void aPoolFoundFixedResolvesItsTicket(@TempDir Path tickets, @TempDir Path listings) throws IOException {
        Path describe = TestEvents.root().resolve("estate/01-gcloud-clusters-list.json");
        String jobs = "projects/acme-prod/locations/europe-west1/clusters/checkout/nodePools/jobs";
        ReplayRun first = audit(tickets, describe.toString());
        assertEquals(0, first.exit());
        List<String> found = new ArrayList<>();
        first.lines().stream().filter(r -> r.path("resource").asText().equals(jobs)).findFirst().orElseThrow()
                .path("findings").forEach(id -> found.add(id.asText()));
        assertTrue(found.contains("MG004"), found.toString());
        List<String> othersOpen = resources(openTickets(tickets)).stream().filter(r -> !r.equals(jobs)).toList();
        JsonNode clusters = TestEvents.JSON.readTree(describe.toFile());
        for (JsonNode pool : clusters.get(0).get("nodePools")) {
            if (pool.path("name").asText().equals("jobs")) {
                fix((ObjectNode) pool.get("config"), found);
            }
        }
        Path fixed = listings.resolve("fixed.json");
        TestEvents.JSON.writeValue(fixed.toFile(), clusters);

        ReplayRun run = audit(tickets, fixed.toString());

        assertEquals(0, run.exit(), run.err());
        JsonNode row = run.lines().stream().filter(r -> r.path("resource").asText().equals(jobs)).findFirst().orElseThrow();
        assertEquals("compliant", row.path("outcome").asText());
        assertTrue(row.path("reason").asText().contains("ticket resolved"), row.toString());
        assertEquals(othersOpen, resources(openTickets(tickets)), "the other pools' tickets stay open");
    }

    @Test
    void aPoolDeletedSinceTheLastAuditHasItsTicketResolvedAsDeleted(@TempDir Path tickets, @TempDir Path listings)
            throws IOException {
        Path list = TestEvents.root().resolve("estate/01-gcloud-clusters-list.json");
        assertEquals(0, audit(tickets, list.toString()).exit());
        JsonNode clusters = TestEvents.JSON.readTree(list.toFile());
        ArrayNode pools = (ArrayNode) clusters.get(0).get("nodePools");
        pools.remove(1); // checkout/batch, deleted since
        Path later = listings.resolve("later.json");
        TestEvents.JSON.writeValue(later.toFile(), clusters);

        ReplayRun run = audit(tickets, later.toString());

        assertEquals(0, run.exit(), run.err());
        String checkout = "projects/acme-prod/locations/europe-west1/clusters/checkout";
        assertTrue(rows(run).contains(checkout + " deleted [] none"), run.out());
        JsonNode batch = ticketOf(tickets, checkout + "/nodePools/batch");
        assertEquals("RESOLVED", batch.path("status").asText());
        assertTrue(batch.path("resolution").path("reason").asText().startsWith("deleted"), batch.toString());
        assertEquals("OPEN", ticketOf(tickets, checkout + "/nodePools/jobs").path("status").asText());
    }

    @Test
    void aSweepRequestForAClusterGoneResolvesAllItsTickets(@TempDir Path tickets, @TempDir Path listings) throws IOException {
        assertEquals(0, audit(tickets, TestEvents.root().resolve("estate/01-gcloud-clusters-list.json").toString()).exit());
        String checkout = "projects/acme-prod/locations/europe-west1/clusters/checkout";
        Path request = listings.resolve("inspect.json");
        Files.writeString(request, "{\"kind\": \"inspection-request\", \"cluster\": \"" + checkout
                + "\", \"sweep\": \"sweep-2\", \"requestedAt\": \"2026-11-30T06:00:00Z\"}");

        List<String> before = resources(openTickets(tickets));
        assertTrue(before.stream().anyMatch(r -> r.startsWith(checkout + "/")), before.toString());

        // A new replay's embedded GKE holds nothing: GKE answers NOT_FOUND, as for a deleted cluster.
        ReplayRun run = audit(tickets, request.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of(checkout + " unknown [] none", checkout + " deleted [] none"), rows(run));
        assertEquals(before.stream().filter(r -> !r.startsWith(checkout + "/")).toList(),
                resources(openTickets(tickets)), "every ticket of the cluster gone is resolved, and only those");
    }

    @Test
    void aClusterWithoutItsSelfLinkIsAnErrorNamingTheFix(@TempDir Path tickets, @TempDir Path listings) throws IOException {
        ObjectNode cluster = (ObjectNode) TestEvents.JSON.readTree(
                TestEvents.root().resolve("estate/02-gcloud-clusters-describe.json").toFile());
        cluster.remove("selfLink");
        Path file = listings.resolve("no-self-link.json");
        TestEvents.JSON.writeValue(file.toFile(), cluster);

        ReplayRun run = audit(tickets, file.toString());

        assertEquals(Replay.UNREADABLE, run.exit());
        JsonNode row = run.lines().get(0);
        assertEquals("error", row.path("outcome").asText());
        assertTrue(row.path("reason").asText().contains("no selfLink"), row.toString());
        assertTrue(row.path("reason").asText().contains("gcloud container clusters list --format=json"), row.toString());
    }

    @Test
    void anAssetOfAnotherTypeIsIgnoredWithTheReason(@TempDir Path tickets, @TempDir Path listings) throws IOException {
        Path file = listings.resolve("disks.json");
        Files.writeString(file, """
                [{"name": "//compute.googleapis.com/projects/acme-dev/zones/europe-west4-a/disks/data-1",
                  "assetType": "compute.googleapis.com/Disk",
                  "resource": {"data": {"name": "data-1"}, "version": "v1", "discoveryName": "Disk"}}]
                """);

        ReplayRun run = audit(tickets, file.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("//compute.googleapis.com/projects/acme-dev/zones/europe-west4-a/disks/data-1 ignored [] none"),
                rows(run));
    }

    @Test
    void aListingAndAuditEntriesMixInOneRun(@TempDir Path tickets) throws IOException {
        String event = "07-create-node-pool-v1-first-exposed-background.json";
        ReplayRun run = audit(tickets, TestEvents.event(event).toString(),
                TestEvents.root().resolve("estate/02-gcloud-clusters-describe.json").toString());
        assertEquals(0, run.exit(), run.err());
        List<String> each = new ArrayList<>();
        ExpectedRows.of(TestEvents.event(event)).rows().forEach(r -> each.add(brief(r)));
        TestEvents.JSON.readTree(TestEvents.root().resolve("estate/02-gcloud-clusters-describe.expected.json").toFile())
                .forEach(r -> each.add(brief(r)));
        assertEquals(each, rows(run), "each input gives the rows it gives alone");
        assertTrue(rows(run).get(0).contains(" violation [\"MG001\",\"MG002\",\"MG005\""), rows(run).toString());
    }

    private static List<String> resources(List<JsonNode> tickets) {
        return tickets.stream().map(t -> t.path("resource").asText()).sorted().toList();
    }

    /** Sets on a listing's node config the fix of each check in {@code checks}, as a person following the ticket would. */
    private static void fix(ObjectNode config, List<String> checks) throws IOException {
        NodeConfig.Builder builder = NodeConfig.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(config.toString(), builder);
        checks.forEach(id -> Checks.byId(id).orElseThrow().fix().secure(builder, builder.getServiceAccount()));
        config.setAll((ObjectNode) TestEvents.JSON.readTree(JsonFormat.printer().print(builder)));
    }

    private static List<JsonNode> openTickets(Path tickets) throws IOException {
        List<JsonNode> open = new ArrayList<>();
        try (Stream<Path> files = Files.list(tickets)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode t = TestEvents.JSON.readTree(f.toFile());
                if (t.path("status").asText().equals("OPEN")) {
                    open.add(t);
                }
            }
        }
        return open;
    }

    private static JsonNode ticketOf(Path tickets, String resource) throws IOException {
        try (Stream<Path> files = Files.list(tickets)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode t = TestEvents.JSON.readTree(f.toFile());
                if (t.path("resource").asText().equals(resource)) {
                    return t;
                }
            }
        }
        throw new AssertionError("no ticket about " + resource);
    }

    private static Map<String, String> snapshot(Path tickets) throws IOException {
        try (Stream<Path> files = Files.list(tickets)) {
            Map<String, String> all = new java.util.TreeMap<>();
            for (Path f : files.toList()) {
                all.put(f.getFileName().toString(), Files.readString(f));
            }
            return all;
        }
    }
}
