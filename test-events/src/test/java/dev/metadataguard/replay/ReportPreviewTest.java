package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the page shows of replay --prevent and of the policy exemption a pool matched. */
class ReportPreviewTest {

    private static final String EXPORT = TestEvents.event("22-gcloud-export-cluster-lifecycle.json").toString();

    private static String page(Path dir, String... options) throws IOException {
        Path html = dir.resolve("report.html");
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.addAll(List.of("--tickets-dir", dir.resolve("tickets").toString(), "--html", html.toString(), EXPORT));
        ReplayRun run = ReplayRun.of(Map.of(), "", args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        return Files.readString(html);
    }

    @Test
    void withPreventThePageListsEachRequestTheConstraintsWouldHaveRefused(@TempDir Path dir) throws IOException {
        ReplayRun json = ReplayRun.of(Map.of(), "", "--json", "--prevent", "--tickets-dir",
                dir.resolve("json-tickets").toString(), EXPORT);
        List<String> refusing = json.lines().stream().map(r -> r.path("prevented")).filter(JsonNode::isArray)
                .flatMap(p -> java.util.stream.StreamSupport.stream(p.spliterator(), false)).map(JsonNode::asText)
                .distinct().toList();
        assertFalse(refusing.isEmpty(), "the export has a request a constraint refuses: " + json.out());

        long refused = json.lines().stream().filter(r -> r.path("prevented").size() > 0).count();
        long judged = json.lines().stream().filter(r -> r.path("prevented").isArray()).count();
        String previewed = page(dir.resolve("with"), "--prevent");
        assertTrue(previewed.contains("<h2 id=\"prevention\">"), previewed);
        assertTrue(previewed.contains("<p>" + refused + " of " + judged + " creations and updates would have been refused"),
                previewed);
        for (String constraint : refusing) {
            assertTrue(previewed.contains("<code>" + constraint + "</code>"), constraint);
        }

        assertFalse(page(dir.resolve("without")).contains("id=\"prevention\""), "no preview without --prevent");
    }

    @Test
    void anExemptPoolShowsTheOwnerAndLastDayOfThePolicyExemptionItMatched() {
        Row exempt = new Row("e", "m", "projects/p/locations/l/clusters/c/nodePools/a", "exempt", List.of("MG001"),
                "none", "policy exemption: vendor appliance (owner platform-team) (until 2027-03-31)")
                .withExemption(Optional.of(Map.of("reason", "vendor appliance", "owner", "platform-team",
                        "expires", "2027-03-31")));

        ExemptionNote note = ExemptionNote.of(exempt);

        assertEquals(Optional.of("platform-team"), note.owner());
        assertEquals(Optional.of("2027-03-31"), note.expires());
        assertEquals(Optional.empty(), ExemptionNote.of(exempt.withExemption(Optional.empty())).owner());
    }
}
