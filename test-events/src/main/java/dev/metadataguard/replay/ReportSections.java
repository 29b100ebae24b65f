package dev.metadataguard.replay;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The report's sections below the cards, each a table that stays bounded on an estate of thousands and
 * says what it left out: what changed, who shares what, the exemptions, what could not be judged, and the
 * legend that defines the page's words.
 */
final class ReportSections {

    /** Rows each list shows before it says how many more there are. */
    static final int LISTED = 100;
    /** Accounts the who-shares-what table shows, flagged ones first. */
    static final int ACCOUNTS = 25;
    /** Pools named per account; the count says the rest. */
    static final int POOLS_NAMED = 6;

    private ReportSections() {
    }

    static String changes(Changes c, PoolStates now) {
        StringBuilder html = new StringBuilder("<h2 id=\"changes\">What changed since ").append(Html.text(c.since()))
                .append("</h2>\n");
        findings(html, "New", c.fresh(), now);
        findings(html, "Resolved", c.resolved(), now);
        findings(html, "Not checked again", c.notRechecked(), now);
        html.append("<p class=\"more\">").append(c.stillOpen().size())
                .append(" findings are still open; the cards below mark each pool's.</p>\n");
        return html.toString();
    }

    private static void findings(StringBuilder html, String title, Collection<FindingId> findings, PoolStates now) {
        if (findings.isEmpty()) {
            return;
        }
        Top<FindingId> top = Top.of(List.copyOf(findings), LISTED);
        html.append("<h3 class=\"project\">").append(title).append(" (").append(findings.size()).append(")</h3>\n");
        Table table = new Table("changes", "resource", "check", "now");
        for (FindingId f : top.shown()) {
            Optional<Row> state = now.state(f.resource());
            table.row(Html.text(SummaryTable.shortResource(f.resource())), Badges.finding(f),
                    state.map(r -> Badges.outcome(r.outcome()))
                            .orElse(now.judged(f.resource()) ? "deleted" : "not in this run"));
        }
        html.append(table.html()).append(more(top.more(), "findings"));
    }

    /**
     * With {@code replay --prevent}: each creation and update the Organization Policy constraints of
     * terraform/prevent would have refused, and how many of those judged; empty without the preview.
     */
    static String prevention(List<Row> rows) {
        List<Row> judged = rows.stream().filter(r -> r.prevented().isPresent()).toList();
        if (judged.isEmpty()) {
            return "";
        }
        List<Row> refused = judged.stream().filter(r -> !r.prevented().orElseThrow().isEmpty()).toList();
        StringBuilder html = new StringBuilder("<h2 id=\"prevention\">What Org Policy would have refused</h2>\n<p>")
                .append(refused.size()).append(" of ").append(judged.size())
                .append(" creations and updates would have been refused by the custom constraints of terraform/prevent"
                        + " had they been enforced; the rows' reasons say where the preview and the guard differ.</p>\n");
        if (refused.isEmpty()) {
            return html.toString();
        }
        Top<Row> top = Top.of(refused, LISTED);
        Table table = new Table("prevention", "request", "resource", "refused by");
        for (Row r : top.shown()) {
            table.row(Html.text(r.method().substring(r.method().lastIndexOf('.') + 1)) + "<div class=\"why\">"
                            + Html.text(r.source()) + "</div>", Html.text(SummaryTable.shortResource(r.resource())),
                    String.join(" ", r.prevented().orElseThrow().stream().map(c -> "<code>" + Html.text(c) + "</code>")
                            .toList()));
        }
        return html.append(table.html()).append(more(top.more(), "refused requests")).toString();
    }

    static String accounts(List<SharedAccounts.Use> uses) {
        StringBuilder html = new StringBuilder("<h2 id=\"accounts\">Who shares what</h2>\n<p>Each node service account"
                + " and the pools that run as it: a token taken from one pool's metadata server acts for all of them."
                + " Flagged: shared, and over-privileged (MG003) or the Compute Engine default (MG002).</p>\n");
        if (uses.isEmpty()) {
            return html.append("<p class=\"more\">No pool's account is known.</p>\n").toString();
        }
        Top<SharedAccounts.Use> top = Top.of(uses, ACCOUNTS);
        Table table = new Table("accounts", "service account", "pools", "clusters", "projects", "why it matters");
        for (SharedAccounts.Use u : top.shown()) {
            Top<String> pools = Top.of(u.pools(), POOLS_NAMED);
            StringBuilder named = new StringBuilder().append(u.pools().size()).append("<div class=\"why\">");
            pools.shown().forEach(p -> named.append(Html.text(SummaryTable.shortResource(p))).append("<br>"));
            if (pools.more() > 0) {
                named.append("and ").append(pools.more()).append(" more");
            }
            named.append("</div>");
            StringBuilder why = new StringBuilder();
            if (u.flagged()) {
                why.append("<span class=\"badge flag\">shared blast radius</span> ");
            } else if (u.shared()) {
                why.append("<span class=\"badge shared\">shared</span> ");
            }
            if (u.account().computeDefault()) {
                why.append(Badges.finding(new FindingId("", "MG002"))).append(" Compute Engine default ");
            }
            if (u.overPrivileged()) {
                why.append(Badges.finding(new FindingId("", "MG003"))).append(" over-privileged");
            }
            table.markedRow(u.flagged() ? "flagged" : "", Html.text(u.account().name()), named.toString(),
                    Integer.toString(u.clusters().size()), Integer.toString(u.projects().size()), why.toString().strip());
        }
        html.append(table.html());
        long moreFlagged = uses.stream().skip(ACCOUNTS).filter(SharedAccounts.Use::flagged).count();
        if (top.more() > 0) {
            html.append("<p class=\"more\">The first ").append(ACCOUNTS).append(" accounts are listed, flagged ones"
                    + " first; ").append(top.more()).append(" more (").append(moreFlagged).append(" of them flagged).</p>\n");
        }
        return html.toString();
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
                <dt>Finding</dt><dd>One check failing on one resource. Its identity is the resource's full name and the\
                 check's id (projects/P/locations/L/clusters/C/nodePools/N with MG001), so the same failure in two\
                 runs is the same finding. A finding is open while its resource is in violation; an exempt\
                 resource's findings are waived, not open.</dd>
                <dt>High-severity findings</dt><dd>Open findings of checks of high or critical severity.</dd>
                <dt>New, resolved, still open (--since)</dt><dd>New: open now, not in the earlier run. Still open:\
                 open in both. Resolved: open in the earlier run, and this run judged the resource again and the\
                 check no longer fails on it, because it was fixed, exempted or deleted. Not checked again: open in\
                 the earlier run, but this run did not judge the resource, so it says nothing about it.</dd>
                <dt>Who shares what</dt><dd>Pools that run as the same node service account share its permissions.\
                 Shared: more than one pool. The Compute Engine default is one account per project.</dd>
                <dt>Values</dt><dd>Names, labels and reasons are shown as text: a control or invisible character\
                 appears as its code (\\u000A), and a value over 256 characters is cut, its length and SHA-256\
                 kept.</dd>
                </dl>
                """;
    }
}
