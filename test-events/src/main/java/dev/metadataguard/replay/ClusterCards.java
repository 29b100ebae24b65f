package dev.metadataguard.replay;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.ticket.Ticket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The detail under the headline: a card per cluster, grouped by project, most exposed first, its pools
 * as rows with their state, findings and ticket, and the fix steps of each exposed pool folded away
 * ({@code <details>}, closed) so the cards stay short until someone asks.
 */
final class ClusterCards {

    private final PoolStates states;
    private final TicketLinks tickets;
    private final Optional<Changes> changes;

    ClusterCards(PoolStates states, TicketLinks tickets, Optional<Changes> changes) {
        this.states = states;
        this.tickets = tickets;
        this.changes = changes;
    }

    String render(List<ProjectCount> projects) {
        Map<String, Map<String, List<Row>>> byProject = new LinkedHashMap<>();
        projects.forEach(p -> byProject.put(p.project(), new TreeMap<>()));
        for (Row pool : states.pools()) {
            ResourceRef ref = ResourceRef.parse(pool.resource()).orElseThrow();
            byProject.get(ref.project()).computeIfAbsent(ref.clusterName(), c -> new ArrayList<>()).add(pool);
        }
        StringBuilder html = new StringBuilder();
        byProject.forEach((project, clusters) -> {
            html.append("<h3 class=\"project\">Project ").append(Html.text(project)).append("</h3>\n");
            clusters.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, List<Row>> c) -> -exposed(c.getValue()))
                            .thenComparing(Map.Entry::getKey))
                    .forEach(c -> card(html, ResourceRef.parse(c.getKey()).orElseThrow(), c.getValue()));
        });
        return html.toString();
    }

    private static long exposed(List<Row> pools) {
        return pools.stream().filter(p -> p.outcome().equals("violation")).count();
    }

    private void card(StringBuilder html, ResourceRef cluster, List<Row> pools) {
        List<Row> sorted = pools.stream().sorted(Comparator.comparing(Row::resource)).toList();
        long exposed = exposed(pools);
        html.append("<article class=\"card\"><h4><span class=\"cluster\">").append(Html.text(cluster.cluster()))
                .append("</span> <span class=\"where\">").append(Html.text(cluster.location())).append("</span> ")
                .append(exposed == 0 ? "<span class=\"badge compliant\">no pool exposed</span>"
                        : "<span class=\"badge violation\">" + exposed + " of " + pools.size() + " exposed</span>")
                .append("</h4>\n");
        Table table = changes
                .map(c -> new Table("pools", "pool", "state", "findings", "since " + c.since(), "the guard", "ticket"))
                .orElseGet(() -> new Table("pools", "pool", "state", "findings", "the guard", "ticket"));
        for (Row pool : sorted) {
            List<String> cells = new ArrayList<>(List.of(Html.text(poolName(pool.resource())),
                    Badges.outcome(pool.outcome()), findings(pool)));
            changes.ifPresent(c -> cells.add(since(c, pool)));
            cells.add(guard(pool));
            cells.add(tickets.of(pool.resource()).map(tickets::link).orElse(""));
            table.row(cells.toArray(String[]::new));
        }
        html.append(table.html());
        for (Row pool : sorted) {
            if (pool.outcome().equals("violation")) {
                tickets.of(pool.resource()).filter(t -> !t.fix().isEmpty()).ifPresent(t -> fix(html, pool, t));
            }
        }
        html.append("</article>\n");
    }

    private static String findings(Row pool) {
        String badges = Badges.findings(pool.resource(), pool.findings());
        return pool.outcome().equals("exempt") && !pool.findings().isEmpty()
                ? badges + "<div class=\"why\">waived by the exemption</div>" : badges;
    }

    /** Which of the pool's findings are new since the earlier run, which still open, and which resolved on it. */
    private static String since(Changes c, Row pool) {
        List<String> open = pool.outcome().equals("violation") ? pool.findings() : List.of();
        List<String> fresh = open.stream().filter(check -> c.fresh().contains(new FindingId(pool.resource(), check)))
                .toList();
        List<String> resolved = c.resolvedOn(pool.resource()).stream().map(FindingId::check).toList();
        List<String> parts = new ArrayList<>();
        if (!fresh.isEmpty()) {
            parts.add("<span class=\"badge new\">new</span> " + Badges.findings(pool.resource(), fresh));
        }
        if (open.size() > fresh.size()) {
            parts.add("<span class=\"why\">" + (fresh.isEmpty() ? "still open" : "the rest still open") + "</span>");
        }
        if (!resolved.isEmpty()) {
            parts.add("<span class=\"badge resolved\">resolved</span> " + Badges.findings(pool.resource(), resolved));
        }
        return String.join(" ", parts);
    }

    /** What the guard did, and why when the reason says more than the action. */
    private static String guard(Row pool) {
        StringBuilder html = new StringBuilder(Html.text(pool.action()));
        pool.remedy().ifPresent(r -> html.append(": ").append(Html.text(r.status()))
                .append(r.pool() == null ? "" : " " + Html.text(r.pool())));
        String why = pool.verdict();
        if (!why.equals("remediation: " + pool.action()) && !why.equals("compliant")) {
            html.append("<div class=\"why\">").append(Html.text(why)).append("</div>");
        }
        return html.toString();
    }

    private void fix(StringBuilder html, Row pool, Ticket ticket) {
        html.append("<details><summary>How to fix <b>").append(Html.text(poolName(pool.resource()))).append("</b>: ")
                .append(ticket.fix().size()).append(ticket.fix().size() == 1 ? " step" : " steps")
                .append("</summary><ol class=\"steps\">");
        for (FixStep step : ticket.fix()) {
            html.append("<li><p>").append(Html.text(step.description())).append("</p>");
            if (!step.commands().isEmpty()) {
                html.append("<div class=\"commands\"><p class=\"from\">from ticket ").append(tickets.link(ticket))
                        .append("</p><pre>");
                step.commands().forEach(c -> html.append(Html.lines(c)).append('\n'));
                html.append("</pre></div>");
            }
            html.append("</li>");
        }
        html.append("</ol></details>\n");
    }

    /** A pool's own name; a cluster's row is its auto-provisioning defaults. */
    private static String poolName(String resource) {
        ResourceRef ref = ResourceRef.parse(resource).orElseThrow();
        return ref.isNodePool() ? ref.nodePool() : "auto-provisioning defaults";
    }
}
