package dev.metadataguard.replay;

import dev.metadataguard.policy.checks.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replay as one self-contained HTML page that a security lead reads in a minute: a headline sentence
 * with four numbers, two figures (findings by check and severity, pools per project), what changed since
 * an earlier run, then a card per cluster, who shares which node service account, and the exemptions.
 * No script, nothing fetched (the CSP allows inline styles only); every value goes through {@link Html}.
 */
final class HtmlReport {

    /** Projects drawn in the per-project figure; an estate of thousands says how many more it has. */
    private static final int PROJECTS_DRAWN = 15;

    private static final String STYLE = """
            *{box-sizing:border-box}
            body{margin:0;background:#f6f8fa;color:#1f2328;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:break-word}
            main{max-width:1180px;margin:0 auto;padding:20px 16px 48px}
            h1{font-size:22px;margin:0 0 10px}
            h2{font-size:19px;margin:36px 0 12px;padding-bottom:4px;border-bottom:1px solid #d1d9e0}
            h3.project{font-size:16px;margin:20px 0 8px;color:#59636e}
            .meta,.why,.more,.from{color:#59636e;font-size:13px}
            .meta{margin:32px 0 0}
            nav{font-size:14px;margin:0 0 16px}nav a{margin-right:14px;white-space:nowrap}
            a{color:#0969da}
            .headline{font-size:21px;line-height:1.4;margin:0 0 14px;font-weight:500}
            .headline b{font-size:24px}
            .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:0 0 14px}
            .tile{background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:10px 14px}
            .tile b{display:block;font-size:30px;line-height:1.15}
            .tile span{color:#59636e;font-size:13px}
            .tile.alert b{color:#cf222e}.tile.good b{color:#1a7f37}
            .changed{margin:0 0 14px}
            .figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(340px,100%),1fr));gap:14px}
            figure{margin:0;background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:12px 14px;min-width:0}
            figcaption{font-weight:600;margin-bottom:8px}
            svg.chart{display:block;width:100%;height:auto}
            svg.matrix{max-width:400px}svg.bars{max-width:460px}
            svg text{font-family:inherit}
            ul.checks{list-style:none;padding:0;margin:10px 0 0;font-size:13px;color:#59636e}
            .key{font-size:13px;color:#59636e;margin:8px 0 0}
            .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}
            .card{background:#fff;border:1px solid #d1d9e0;border-radius:8px;margin:0 0 12px;padding:12px 14px;min-width:0}
            .card h4{font-size:16px;margin:0 0 6px}
            .where{color:#59636e;font-weight:400;font-size:14px}
            .scroll{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;width:100%}
            th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e6eaef}
            th{font-size:12px;color:#59636e;font-weight:600;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
            table.stack td:first-child{font-weight:600}
            table.pools{table-layout:fixed}table.pools td{overflow-wrap:anywhere}
            table.pools th:first-child{width:22%}table.pools th:nth-child(2){width:10%}table.pools th:nth-child(3){width:20%}table.pools th:last-child{width:18%}
            .badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;white-space:nowrap}
            .badge.violation,.badge.flag{background:#ffebe9;color:#a40e26}.badge.compliant,.badge.resolved{background:#dafbe1;color:#116329}
            .badge.exempt{background:#fbefff;color:#6e40c9}.badge.unknown{background:#fff8c5;color:#7d4e00}
            .badge.new{background:#cf222e;color:#fff}.badge.shared{background:#eef1f4;color:#1f2328}
            .check{display:inline-block;font:600 12px/1.6 ui-monospace,SFMono-Regular,Menlo,monospace;border-radius:4px;padding:0 5px;margin:1px 0}
            .check.critical,.check.high{background:#ffebe9;color:#a40e26}.check.medium{background:#fff8c5;color:#7d4e00}
            .check.low,.check.unknown{background:#eef1f4;color:#1f2328}
            details{margin:8px 0 0;border:1px solid #e6eaef;border-radius:6px;padding:6px 10px;background:#fbfcfd}
            summary{cursor:pointer}
            ol.steps{padding-left:20px;margin:8px 0 4px}ol.steps p{margin:4px 0}
            .commands{margin:4px 0 10px}.from{margin:0 0 2px}
            pre{margin:0;overflow-x:auto;white-space:pre;background:#0d1117;color:#e6edf3;padding:10px 12px;border-radius:6px;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}
            tr.flagged td{background:#fff5f5}
            dl.legend dt{font-weight:600;margin-top:10px}dl.legend dd{margin:2px 0 0}
            @media (max-width:640px){
            main{padding:14px 12px 40px}.headline{font-size:19px}.tile b{font-size:26px}
            table.stack thead{display:none}
            table.stack,table.stack tbody,table.stack tr,table.stack td{display:block}
            table.stack tr{padding:8px 0;border-bottom:1px solid #e6eaef}
            table.stack td{border:0;padding:2px 0}
            table.stack td:empty{display:none}
            table.stack td:not(:first-child)::before{content:attr(data-label);display:inline-block;min-width:7.5em;margin-right:8px;color:#59636e;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
            }""";

    private HtmlReport() {
    }

    /**
     * Writes the page of a run.
     *
     * @param previous the rows of an earlier run, for what changed since ({@code --since})
     * @param accounts each pool's node service account, by the pool's full name, for who shares what
     */
    static void write(List<Row> rows, Optional<PreviousRun> previous, Map<String, NodeAccount> accounts,
                      Path ticketsDir, Path out) {
        String page = page(rows, previous, accounts, TicketLinks.read(ticketsDir, out));
        try {
            Files.writeString(out, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + out, e);
        }
    }

    static String page(List<Row> rows, Optional<PreviousRun> previous, Map<String, NodeAccount> accounts,
                       TicketLinks tickets) {
        PoolStates states = PoolStates.of(rows);
        Optional<Changes> changes = previous.map(p -> Changes.between(p.name(), PoolStates.of(p.rows()), states));
        Headline headline = Headline.of(states);
        List<ProjectCount> projects = ProjectCount.of(states);
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Metadata Guard report</title><style>" + STYLE + "</style></head><body><main>\n"
                + "<h1>Metadata Guard report</h1>\n");
        headline(page, headline);
        changes.ifPresent(c -> changed(page, c));
        page.append("<nav>").append(changes.isPresent() ? "<a href=\"#changes\">What changed</a>" : "")
                .append("<a href=\"#clusters\">Clusters</a><a href=\"#accounts\">Who shares what</a>"
                        + "<a href=\"#exemptions\">Exemptions</a>")
                .append(rows.stream().anyMatch(r -> r.prevented().isPresent())
                        ? "<a href=\"#prevention\">What Org Policy would have refused</a>" : "")
                .append(states.errors().isEmpty() ? "" : "<a href=\"#errors\">Could not be judged</a>")
                .append("<a href=\"#legend\">How to read this page</a></nav>\n");
        figures(page, states, projects);
        changes.ifPresent(c -> page.append(ReportSections.changes(c, states)));
        page.append("<h2 id=\"clusters\">Clusters</h2>\n")
                .append(new ClusterCards(states, tickets, changes).render(projects));
        page.append(ReportSections.prevention(rows));
        page.append(ReportSections.accounts(SharedAccounts.of(states, accounts)));
        page.append(ReportSections.exemptions(states.pools().stream().filter(r -> r.outcome().equals("exempt"))
                .map(ExemptionNote::of).toList(), tickets));
        page.append(ReportSections.errors(states.errors()));
        page.append(ReportSections.legend());
        page.append("<p class=\"meta\">").append(rows.size()).append(" rows, ").append(states.pools().size())
                .append(" pools judged, ").append(states.ignored()).append(" entries ignored (not about a pool), ")
                .append(states.errors().size()).append(" could not be judged; written ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("</p>\n");
        return page.append("</main></body></html>\n").toString();
    }

    private static void headline(StringBuilder page, Headline h) {
        page.append("<p class=\"headline\">");
        if (h.poolsExposed() == 0) {
            page.append("No node pool exposes node metadata: ").append(figure("pools-exposed", 0))
                    .append(" pools exposed, ").append(figure("clusters-affected", 0)).append(" clusters, ")
                    .append(figure("projects", 0)).append(" projects, ").append(figure("high-findings", h.highFindings()))
                    .append(" high-severity findings.");
        } else {
            page.append(figure("pools-exposed", h.poolsExposed()))
                    .append(h.poolsExposed() == 1 ? " node pool exposes" : " node pools expose")
                    .append(" node metadata, in ").append(figure("clusters-affected", h.clustersAffected()))
                    .append(h.clustersAffected() == 1 ? " cluster" : " clusters").append(" across ")
                    .append(figure("projects", h.projects())).append(h.projects() == 1 ? " project" : " projects")
                    .append(", with ").append(figure("high-findings", h.highFindings()))
                    .append(h.highFindings() == 1 ? " high-severity finding." : " high-severity findings.");
        }
        page.append("</p>\n<div class=\"tiles\">")
                .append(tile("pools-exposed", h.poolsExposed(), "pools exposed", h.poolsExposed() > 0))
                .append(tile("clusters-affected", h.clustersAffected(), "clusters affected", h.clustersAffected() > 0))
                .append(tile("projects", h.projects(), "projects affected", h.projects() > 0))
                .append(tile("high-findings", h.highFindings(), "high-severity findings", h.highFindings() > 0))
                .append("</div>\n");
    }

    private static void changed(StringBuilder page, Changes c) {
        page.append("<p class=\"changed\">Since <b>").append(Html.text(c.since())).append("</b>: ")
                .append(count("new", c.fresh().size(), "new")).append(", ")
                .append(count("resolved", c.resolved().size(), "resolved")).append(", ")
                .append(count("still-open", c.stillOpen().size(), "still open"));
        if (!c.notRechecked().isEmpty()) {
            page.append(", ").append(count("not-rechecked", c.notRechecked().size(), "not checked again"));
        }
        page.append(" (findings: <a href=\"#legend\">a resource and a check</a>).</p>\n");
    }

    private static void figures(StringBuilder page, PoolStates states, List<ProjectCount> projects) {
        page.append("<div class=\"figures\"><figure><figcaption>Open findings by check and severity</figcaption>")
                .append(Charts.matrix(states.openFindings())).append("<ul class=\"checks\">");
        Checks.ALL.forEach(c -> page.append("<li><b>").append(Html.text(c.id()))
                .append("</b> ").append(Html.text(c.title())).append("</li>"));
        Top<ProjectCount> drawn = Top.of(projects, PROJECTS_DRAWN);
        page.append("</ul></figure>\n<figure><figcaption>Node pools per project</figcaption>")
                .append(Charts.projectBars(drawn.shown())).append("<p class=\"key\">")
                .append(swatch(Charts.EXPOSED, "exposed")).append(swatch(Charts.UNKNOWN, "unknown"))
                .append(swatch(Charts.EXEMPT, "exempt")).append(swatch(Charts.COMPLIANT, "compliant")).append("</p>");
        if (drawn.more() > 0) {
            page.append("<p class=\"more\">The ").append(PROJECTS_DRAWN).append(" most exposed projects are drawn; ")
                    .append(drawn.more()).append(" more are in the cards below.</p>");
        }
        page.append("</figure></div>\n");
    }

    private static String swatch(String colour, String label) {
        return "<span class=\"swatch\" style=\"background:" + colour + "\"></span>" + label;
    }

    private static String figure(String key, int value) {
        return "<b data-figure=\"" + key + "\">" + value + "</b>";
    }

    private static String tile(String key, int value, String label, boolean alert) {
        return "<div class=\"tile " + (alert ? "alert" : "good") + "\"><b data-tile=\"" + key + "\">" + value
                + "</b><span>" + label + "</span></div>";
    }

    private static String count(String key, int value, String label) {
        return "<b data-change=\"" + key + "\">" + value + "</b> " + label;
    }
}
