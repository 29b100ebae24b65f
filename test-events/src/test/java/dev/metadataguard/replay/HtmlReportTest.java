package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay's {@code --html} page, rendered by headless Chromium (Debian's chromium; .ci/run installs it). */
class HtmlReportTest {

    private static final String HOSTILE = "<script>alert(1)</script>";

    private static ReplayRun replayWithHtml(Path dir) throws IOException {
        // A listing whose pool name is a script: GKE would refuse it, the row says so, with the name in its reason.
        ObjectNode cluster = (ObjectNode) TestEvents.JSON.readTree(
                TestEvents.root().resolve("estate/02-gcloud-clusters-describe.json").toFile());
        ((ObjectNode) ((ArrayNode) cluster.get("nodePools")).get(1)).put("name", HOSTILE);
        Path hostile = dir.resolve("hostile.json");
        TestEvents.JSON.writeValue(hostile.toFile(), cluster);
        return ReplayRun.of(Map.of(), "", "--html", dir.resolve("report.html").toString(),
                "--tickets-dir", dir.resolve("tickets").toString(),
                "--iam", TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(),
                TestEvents.root().resolve("estate/01-gcloud-clusters-list.json").toString(), hostile.toString());
    }

    @Test
    void thePageHoldsTheCountsATablePerProjectTicketLinksAndFixesWithEveryValueEscaped(@TempDir Path dir)
            throws IOException {
        ReplayRun run = replayWithHtml(dir);
        assertEquals(Replay.UNREADABLE, run.exit(), run.err());
        String page = Files.readString(dir.resolve("report.html"));

        assertTrue(page.contains("<h2>Per outcome</h2>"), page);
        assertTrue(page.contains("<td>MG004</td><td>1</td>"), "per check");
        assertTrue(page.contains("<h2>Project acme-prod</h2>"), page);
        Matcher link = Pattern.compile("<a href=\"tickets/(mg-[0-9a-f]{16})\\.md\">").matcher(page);
        assertTrue(link.find(), page);
        assertTrue(Files.exists(dir.resolve("tickets").resolve(link.group(1) + ".md")), "the link leads to the ticket");
        assertTrue(page.contains("gcloud container node-pools create"), "fix commands");
        assertFalse(page.contains(HOSTILE), "the hostile name never reaches the page as markup");
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
    }

    @Test
    void headlessChromiumRendersThePageAsTextWithNoScriptInIt(@TempDir Path dir) throws Exception {
        replayWithHtml(dir);
        Path profile = Files.createDirectory(dir.resolve("profile"));
        Process chromium = new ProcessBuilder(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--dump-dom", dir.resolve("report.html").toUri().toString())
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(chromium.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, chromium.exitValue(), Files.readString(dir.resolve("chromium.log")));

        assertTrue(dom.contains("<h1>Metadata Guard report</h1>"), dom);
        assertEquals(3, Pattern.compile("<table>").matcher(dom).results().count(), "two count tables, one project");
        assertFalse(dom.contains("<script"), "no script element in the rendered page");
        assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile name is text in the DOM");
    }

    private static String chromium() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, "chromium"))) {
                return dir + "/chromium";
            }
        }
        throw new AssertionError("Debian's chromium is not installed: apt-get install chromium (.ci/run installs it)");
    }
}
