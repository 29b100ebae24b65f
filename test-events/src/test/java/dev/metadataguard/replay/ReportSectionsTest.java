package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's sections as HTML: what each shows. */
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
}
