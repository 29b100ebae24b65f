package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's sections as HTML: what each shows, and that a long list stays bounded and says so. */
class ReportSectionsTest {

    private static final String POOL = "projects/p/locations/europe-west1/clusters/c/nodePools/n";

    @Test
    void anExemptionShowsItsOwnerAndExpiryWhenGivenAndSaysSoWhenNot(@TempDir Path dir) {
        TicketLinks none = TicketLinks.read(dir.resolve("tickets"), dir.resolve("report.html"));
        ExemptionNote owned = new ExemptionNote(POOL, "policy", "vendor appliance", List.of("MG001"),
                Optional.of("platform team"), Optional.of("2027-03-31"));

        String html = ReportSections.exemptions(List.of(owned), none);
        assertTrue(html.contains("<td data-label=\"owner\">platform team</td><td data-label=\"expires\">2027-03-31</td>"),
                html);

        String unowned = ReportSections.exemptions(List.of(new ExemptionNote(POOL, "policy", "vendor appliance",
                List.of("MG001"), Optional.empty(), Optional.empty())), none);
        assertTrue(unowned.contains("<td data-label=\"owner\"><span class=\"why\">not given</span></td>"), unowned);
        assertTrue(unowned.contains("<td data-label=\"reason\">vendor appliance</td>"), unowned);
    }

    @Test
    void whoSharesWhatListsTheFirstAccountsAndCountsTheRest() {
        List<SharedAccounts.Use> uses = new ArrayList<>();
        for (int i = 0; i < ReportSections.ACCOUNTS + 5; i++) {
            uses.add(new SharedAccounts.Use(new NodeAccount("sa-" + i + "@p.iam.gserviceaccount.com", false),
                    List.of(POOL), new TreeSet<>(List.of("c")), new TreeSet<>(List.of("p")), false));
        }

        String html = ReportSections.accounts(uses);

        assertEquals(ReportSections.ACCOUNTS, Pattern.compile("<tr><td data-label=\"service account\">").matcher(html)
                .results().count());
        assertTrue(html.contains("sa-24@") && !html.contains("sa-25@"), html);
        assertTrue(html.contains("5 more (0 of them flagged)"), html);
    }

    @Test
    void anAccountSharedByManyPoolsNamesAFewAndCountsTheRest() {
        List<String> pools = new ArrayList<>();
        for (int i = 0; i < ReportSections.POOLS_NAMED + 3; i++) {
            pools.add("projects/p/locations/europe-west1/clusters/c/nodePools/n" + i);
        }
        String html = ReportSections.accounts(List.of(new SharedAccounts.Use(
                new NodeAccount("Compute Engine default of p", true), pools, new TreeSet<>(List.of("c")),
                new TreeSet<>(List.of("p")), false)));

        assertTrue(html.contains("<tr class=\"flagged\">"), html);
        assertTrue(html.contains("and 3 more"), html);
        assertFalse(html.contains("/n" + ReportSections.POOLS_NAMED + "<br>"), html);
    }
}
