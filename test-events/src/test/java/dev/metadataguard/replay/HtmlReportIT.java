package dev.metadataguard.replay;

import static dev.metadataguard.testing.RenderedText.assertNoUnsafeCharacters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replay's {@code --html} page of the main job ({@code test-events/}), of the estate listings and of
 * the hostile corpus, laid out by headless Chromium (Debian's; .ci/run installs it) at 1400 and 390 CSS
 * pixels, as a desktop and a phone show it. What the page says is checked against the {@code --json} rows
 * of the same run; the screenshots are left in {@code target/report-screenshots/} for a person to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportIT {

    private static final String HOSTILE_NAME = "<script>alert(1)</script>";
    private static final String IAM = TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString();
    private static final Path SCREENSHOTS = TestEvents.root().resolve("target/report-screenshots");
    /** Everything the page's layout and DOM tell, read by the inspector in one go. */
    private static final String FACTS = """
            (() => {
              const all = [...document.querySelectorAll('*')];
              const values = key => Object.fromEntries([...document.querySelectorAll('[data-' + key + ']')]
                  .map(e => [e.getAttribute('data-' + key), Number(e.textContent)]));
              return {
                scrollWidth: document.documentElement.scrollWidth,
                clientWidth: document.documentElement.clientWidth,
                scripts: document.querySelectorAll('script').length,
                handlers: all.filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
                loaders: document.querySelectorAll('[src],[srcset],[data],link,img,iframe,object,embed,image,use,'
                    + 'video,audio,source,track,base,form,meta[http-equiv=refresh]').length,
                styleUrls: [...document.styleSheets].flatMap(s => [...s.cssRules]).map(r => r.cssText)
                    .concat(all.map(e => e.getAttribute('style') || '')).filter(t => /url\\(|@import/i.test(t)).length,
                hrefs: [...document.querySelectorAll('[href]')].map(e => e.getAttribute('href')),
                details: document.querySelectorAll('details').length,
                openDetails: document.querySelectorAll('details[open]').length,
                csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
                tiles: values('tile'),
                figures: values('figure'),
                text: document.body.innerText
              };
            })()""";

    /** One run of the replay with its page and rows, and what Chromium made of the page at each width. */
    /** @param openWidth the document's width at each viewport width once every fix is opened, as a reader would */
    record Rendered(String name, String html, List<JsonNode> rows, Map<Integer, JsonNode> facts,
                    Map<Integer, List<String>> requested, Map<Integer, Integer> openWidth) {
    }

    private Path dir;
    private HeadlessChromium chromium;
    private final Map<String, Rendered> pages = new LinkedHashMap<>();

    @BeforeAll
    void renderEveryCorpus(@TempDir Path temp) throws Exception {
        dir = temp;
        chromium = HeadlessChromium.start(dir);
        Files.createDirectories(SCREENSHOTS);
        render("test-events", Replay.OK, "--prevent", "--iam", IAM, "--iam", ExpectedRowsTest.FOLDER_IAM,
                "--iam", ExpectedRowsTest.SANDBOX_IAM, TestEvents.root().toString());
        render("estate", Replay.OK, "--iam", IAM, TestEvents.root().resolve("estate").toString());
        render("hostile", Replay.UNREADABLE, "--iam", IAM,
                TestEvents.event("01-create-cluster-v1-first-compliant.json").toString(),
                TestEvents.root().resolve("hostile").toString(), hostileListing().toString());
    }

    @AfterAll
    void stopChromium() throws Exception {
        chromium.close();
    }

    /** A listing whose pool is named as a script: GKE would refuse the name; the row says so, the name in its reason. */
    private Path hostileListing() throws IOException {
        ObjectNode cluster = (ObjectNode) TestEvents.JSON.readTree(
                TestEvents.root().resolve("estate/02-gcloud-clusters-describe.json").toFile());
        ((ObjectNode) ((ArrayNode) cluster.get("nodePools")).get(1)).put("name", HOSTILE_NAME);
        Path listing = dir.resolve("hostile-listing.json");
        TestEvents.JSON.writeValue(listing.toFile(), cluster);
        return listing;
    }

    private void render(String name, int exit, String... paths) throws Exception {
        Path html = dir.resolve(name + ".html");
        // On the checks the corpora spell out, so the headline counted by hand below holds when a check is added.
        Path policy = Files.writeString(dir.resolve(name + "-policy.yaml"), SpelledOutChecks.only("mode: dry-run\n"));
        List<String> args = new ArrayList<>(List.of("--json", "--html", html.toString(), "--tickets-dir",
                dir.resolve(name + "-tickets").toString(), "--policy", policy.toString()));
        args.addAll(List.of(paths));
        ReplayRun run = ReplayRun.of(Map.of(), "", args.toArray(String[]::new));
        assertEquals(exit, run.exit(), run.err());
        Map<Integer, JsonNode> facts = new LinkedHashMap<>();
        Map<Integer, List<String>> requested = new LinkedHashMap<>();
        Map<Integer, Integer> openWidth = new LinkedHashMap<>();
        for (int width : List.of(1400, 390)) {
            try (HeadlessChromium.Tab tab = chromium.open(html, width)) {
                facts.put(width, tab.evaluate(FACTS));
                requested.put(width, tab.requested());
                Files.write(SCREENSHOTS.resolve(name + "-" + width + ".png"), tab.screenshot());
                openWidth.put(width, tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true),"
                        + " document.documentElement.scrollWidth").asInt());
                Files.write(SCREENSHOTS.resolve(name + "-" + width + "-fixes-open.png"), tab.screenshot());
            }
        }
        pages.put(name, new Rendered(name, Files.readString(html), run.lines(), facts, requested, openWidth));
    }

    Stream<Rendered> pages() {
        return pages.values().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void theHeadlineSaysWhatTheJsonRowsSay(Rendered page) {
        List<Integer> expected = headlineOf(page.rows());
        for (JsonNode facts : page.facts().values()) {
            JsonNode tiles = facts.path("tiles");
            assertEquals(expected, List.of(tiles.path("pools-exposed").asInt(), tiles.path("clusters-affected").asInt(),
                    tiles.path("projects").asInt(), tiles.path("high-findings").asInt()), page.name() + " tiles");
            JsonNode sentence = facts.path("figures");
            assertEquals(expected, List.of(sentence.path("pools-exposed").asInt(), sentence.path("clusters-affected").asInt(),
                    sentence.path("projects").asInt(), sentence.path("high-findings").asInt()), page.name() + " sentence");
        }
    }

    @Test
    void theHeadlineNumbersOfTheSampleEstateAndTheMainJob() {
        // Counted by hand from the expected rows, so a change in both the page and the rows' reading shows.
        assertEquals(List.of(10, 6, 3, 14), headlineOf(pages.get("estate").rows()));
        assertEquals(List.of(15, 8, 2, 21), headlineOf(pages.get("test-events").rows()));
    }

    /**
     * The headline as the page's legend defines it, worked out here from the rows: each resource's state
     * is its last judging row, a deleted one has none; exposed pools are those in violation.
     */
    private static List<Integer> headlineOf(List<JsonNode> rows) {
        Map<String, JsonNode> state = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String outcome = row.path("outcome").asText();
            if (Set.of("compliant", "violation", "exempt", "unknown").contains(outcome)) {
                state.put(row.path("resource").asText(), row);
            } else if (outcome.equals("deleted")) {
                state.remove(row.path("resource").asText());
            }
        }
        List<JsonNode> exposed = state.values().stream().filter(r -> r.path("outcome").asText().equals("violation")).toList();
        Set<String> clusters = new TreeSet<>();
        Set<String> projects = new TreeSet<>();
        int high = 0;
        for (JsonNode pool : exposed) {
            String resource = pool.path("resource").asText();
            clusters.add(resource.replaceFirst("/nodePools/.*$", ""));
            projects.add(resource.split("/")[1]);
            for (JsonNode check : pool.path("findings")) {
                high += Checks.byId(check.asText()).orElseThrow().severity().compareTo(Severity.HIGH) >= 0 ? 1 : 0;
            }
        }
        return List.of(exposed.size(), clusters.size(), projects.size(), high);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void thePageRunsNothingAndFetchesNothing(Rendered page) {
        assertFalse(page.html().contains("<script"), "no script in the file");
        for (Map.Entry<Integer, JsonNode> at : page.facts().entrySet()) {
            JsonNode facts = at.getValue();
            assertEquals("default-src 'none'; style-src 'unsafe-inline'", facts.path("csp").asText());
            assertEquals(0, facts.path("scripts").asInt(), "script elements");
            assertEquals(0, facts.path("handlers").asInt(), "elements with an on* attribute");
            assertEquals(0, facts.path("loaders").asInt(), "elements that load something");
            assertEquals(0, facts.path("styleUrls").asInt(), "styles that load something");
            facts.path("hrefs").forEach(href -> assertTrue(href.asText().matches("#[a-z-]+|[^:/][^:]*\\.md"),
                    "a link leaves the page and its tickets: " + href));
            // What the browser asked for while loading: the page's own file, nothing else.
            assertEquals(1, page.requested().get(at.getKey()).size(), page.requested().toString());
            assertTrue(page.requested().get(at.getKey()).get(0).startsWith("file:"), page.requested().toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void everyFixIsFoldedAway(Rendered page) {
        JsonNode facts = page.facts().get(1400);
        assertEquals(0, facts.path("openDetails").asInt(), "open <details>");
        long exposedWithTicket = page.rows().stream().filter(r -> r.path("outcome").asText().equals("violation")
                && r.path("reason").asText().contains("ticket")).map(r -> r.path("resource").asText()).distinct().count();
        assertTrue(facts.path("details").asInt() > 0 || exposedWithTicket == 0, "fix steps are on the page");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void thePageFitsAPhoneAndADesktopWithoutScrollingSideways(Rendered page) {
        JsonNode phone = page.facts().get(390);
        assertEquals(390, phone.path("clientWidth").asInt(), "the viewport");
        assertEquals(390, phone.path("scrollWidth").asInt(), "the page's width at 390 px");
        JsonNode desktop = page.facts().get(1400);
        assertEquals(desktop.path("clientWidth").asInt(), desktop.path("scrollWidth").asInt(), "at 1400 px");
        // Command blocks are wider than a phone: they scroll in their own box, the page does not.
        assertEquals(390, page.openWidth().get(390), "the page's width at 390 px with every fix open");
        assertEquals(desktop.path("clientWidth").asInt(), page.openWidth().get(1400), "at 1400 px with every fix open");
        assertTrue(Files.exists(SCREENSHOTS.resolve(page.name() + "-390.png")));
        assertTrue(Files.exists(SCREENSHOTS.resolve(page.name() + "-1400.png")));
    }

    @Test
    void theHostileCorpusIsTextOnThePage() {
        Rendered page = pages.get("hostile");
        assertFalse(page.html().contains(HOSTILE_NAME), "the hostile name never reaches the page as markup");
        String text = page.facts().get(1400).path("text").asText();
        assertTrue(text.contains(HOSTILE_NAME), "the hostile name is shown as text");
        assertNoUnsafeCharacters(text.replace("\n", "").replace("\t", ""), "the page's text");
    }

    @Test
    void whoSharesWhatFlagsTheComputeDefaultFourPoolsOfTheSampleEstateShare() {
        String html = pages.get("estate").html();
        assertTrue(html.contains("<tr class=\"flagged\"><td data-label=\"service account\">Compute Engine default of"
                + " acme-prod</td><td data-label=\"pools\">4<"), html);
        assertTrue(html.contains("<tr><td data-label=\"service account\">gke-nodes@acme-prod.iam.gserviceaccount.com"
                + "</td><td data-label=\"pools\">4<"), "shared, neither over-privileged nor the default: not flagged");
    }

    @Test
    void sinceTheEstatesLastAuditOneFixedPoolIsTheOneResolvedFinding(@TempDir Path temp) throws Exception {
        Path estate = Files.createDirectories(temp.resolve("estate"));
        for (String listing : List.of("01-gcloud-clusters-list.json", "02-gcloud-clusters-describe.json",
                "03-rest-list-clusters.json", "04-gcloud-asset-list.json")) {
            Files.copy(TestEvents.root().resolve("estate").resolve(listing), estate.resolve(listing));
        }
        String tickets = temp.resolve("tickets").toString();
        ReplayRun before = ReplayRun.of(Map.of(), "", "--json", "--iam", IAM, "--tickets-dir", tickets, estate.toString());
        assertEquals(Replay.OK, before.exit(), before.err());
        Path previous = Files.writeString(temp.resolve("before.json"), before.out());
        // Between the two audits someone disables the legacy endpoints of checkout's pool jobs (MG004 only).
        JsonNode clusters = TestEvents.JSON.readTree(estate.resolve("01-gcloud-clusters-list.json").toFile());
        for (JsonNode pool : clusters.get(0).get("nodePools")) {
            if (pool.path("name").asText().equals("jobs")) {
                ((ObjectNode) pool.get("config").get("metadata")).put("disable-legacy-endpoints", "true");
            }
        }
        TestEvents.JSON.writeValue(estate.resolve("01-gcloud-clusters-list.json").toFile(), clusters);

        Path html = temp.resolve("report.html");
        ReplayRun after = ReplayRun.of(Map.of(), "", "--html", html.toString(), "--since", previous.toString(),
                "--iam", IAM, "--tickets-dir", tickets, estate.toString());
        assertEquals(Replay.OK, after.exit(), after.err());

        String page = Files.readString(html);
        int open = (int) before.lines().stream().filter(r -> r.path("outcome").asText().equals("violation"))
                .mapToLong(r -> r.path("findings").size()).sum();
        assertEquals(List.of("0", "1", Integer.toString(open - 1)), List.of(change(page, "new"), change(page, "resolved"),
                change(page, "still-open")));
        assertFalse(page.contains("data-change=\"not-rechecked\""), page);
        Matcher resolved = Pattern.compile("<h3 class=\"project\">Resolved \\(1\\)</h3>\n.*?<tbody>\n(.*?)</tbody>",
                Pattern.DOTALL).matcher(page);
        assertTrue(resolved.find(), page);
        assertEquals(1, resolved.group(1).lines().count(), resolved.group(1));
        assertTrue(resolved.group(1).contains("acme-prod/europe-west1/checkout/jobs") && resolved.group(1).contains(">MG004<"),
                resolved.group(1));
        // The cards' extra column, and the lists of what changed, still fit a phone.
        for (int width : List.of(1400, 390)) {
            try (HeadlessChromium.Tab tab = chromium.open(html, width)) {
                assertEquals(width == 390 ? 390 : tab.evaluate("document.documentElement.clientWidth").asInt(),
                        tab.evaluate("document.documentElement.scrollWidth").asInt(), "the page's width at " + width);
                Files.write(SCREENSHOTS.resolve("estate-since-" + width + ".png"), tab.screenshot());
            }
        }
    }

    @Test
    void sinceTakesTheRowsOfAnEarlierRunForAPage(@TempDir Path temp) throws IOException {
        String listing = TestEvents.root().resolve("estate/01-gcloud-clusters-list.json").toString();
        Path rows = Files.writeString(temp.resolve("rows.json"), "");
        ReplayRun noPage = ReplayRun.of(Map.of(), "", "--since", rows.toString(), listing);
        assertEquals(Replay.USAGE, noPage.exit());
        assertEquals("--since goes with --html: the page marks what changed", firstReason(noPage));

        // A sweep's summary counts clusters; it has no findings to compare.
        Path summary = Files.writeString(temp.resolve("sweep.json"), "{\"sweep\": \"s-1\", \"clusters\": 12}\n");
        ReplayRun notRows = ReplayRun.of(Map.of(), "", "--html", temp.resolve("r.html").toString(), "--since",
                summary.toString(), listing);
        assertEquals(Replay.USAGE, notRows.exit());
        assertTrue(firstReason(notRows).endsWith("sweep.json line 1 is not a row of the replay's --json (resource,"
                + " outcome, findings); give the --json output of an earlier run"), notRows.err());
    }

    private static String firstReason(ReplayRun run) throws IOException {
        return TestEvents.JSON.readTree(run.err().lines().findFirst().orElse("{}")).path("reason").asText();
    }

    private static String change(String page, String key) {
        Matcher m = Pattern.compile("data-change=\"" + key + "\">(\\d+)<").matcher(page);
        assertTrue(m.find(), key);
        return m.group(1);
    }
}
