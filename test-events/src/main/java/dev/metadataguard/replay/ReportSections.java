package dev.metadataguard.replay;

import java.util.List;

/**
 * The report's sections below the cards, each a table that stays bounded on an estate of thousands and
 * says what it left out: the exemptions, what could not be judged, and the legend that defines the page's words.
 */
final class ReportSections {

    /** Rows each list shows before it says how many more there are. */
    static final int LISTED = 100;

    private ReportSections() {
    }

    /**
     * The exempt pools with the reason each is exempt, and its owner and expiry when the policy gives them;
     * an exemption is reported, never silent.
     */
    static String exemptions(List<ExemptionNote> notes, TicketLinks tickets) {
        StringBuilder html = new StringBuilder("<h2 id=\"exemptions\">Exemptions</h2>\n");
        if (notes.isEmpty()) {
            return html.append("<p class=\"more\">No pool is exempt.</p>\n").toString();
        }
        Top<ExemptionNote> top = Top.of(notes, LISTED);
        Table table = new Table("exemptions", "resource", "exempt by", "reason", "owner", "expires", "findings waived",
                "ticket");
        String notGiven = "<span class=\"why\">not given</span>";
        for (ExemptionNote n : top.shown()) {
            table.row(Html.text(SummaryTable.shortResource(n.resource())), Html.text(n.by()), Html.text(n.reason()),
                    n.owner().map(Html::text).orElse(notGiven), n.expires().map(Html::text).orElse(notGiven),
                    Badges.findings(n.resource(), n.waived()), tickets.of(n.resource()).map(tickets::link).orElse(""));
        }
        return html.append(table.html()).append(more(top.more(), "exemptions")).toString();
    }

    static String errors(List<Row> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        Top<Row> top = Top.of(errors, LISTED);
        Table table = new Table("errors", "entry", "resource", "why");
        for (Row r : top.shown()) {
            table.row(Html.text(SummaryTable.shortSource(r.source())), Html.text(SummaryTable.shortResource(r.resource())),
                    Html.text(r.reason()));
        }
        return "<h2 id=\"errors\">Could not be judged</h2>\n" + table.html() + more(top.more(), "entries");
    }

    private static String more(int more, String what) {
        return more == 0 ? "" : "<p class=\"more\">The first " + LISTED + " are listed; " + more + " more " + what
                + " are in the replay's rows (--json).</p>\n";
    }

    static String legend() {
        return """
                <h2 id="legend">How to read this page</h2>
                <dl class="legend">
                <dt>State of a pool</dt><dd>A replay judges a pool again after each change to it; its state is the\
                 last judgement of the run. A pool the run saw deleted has none. A cluster's auto-provisioning\
                 defaults count as a pool: every pool they create inherits them.</dd>
                <dt>Pools exposed, clusters affected, projects affected</dt><dd>Pools whose state is a violation of any\
                 check (MG001-MG005), and the clusters and projects they are in.</dd>
                <dt>Finding</dt><dd>One check failing on one resource: the resource's full name and the check's id\
                 (projects/P/locations/L/clusters/C/nodePools/N with MG001). A finding is open while its resource is\
                 in violation; an exempt resource's findings are waived, not open.</dd>
                <dt>High-severity findings</dt><dd>Open findings of checks of high or critical severity.</dd>
                <dt>Values</dt><dd>Names, labels and reasons are shown as text: a control or invisible character\
                 appears as its code (\\u000A), and a value over 256 characters is cut, its length and SHA-256\
                 kept.</dd>
                </dl>
                """;
    }
}
