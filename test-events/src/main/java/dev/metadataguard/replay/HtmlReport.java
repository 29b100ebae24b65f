package dev.metadataguard.replay;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.text.Inert;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The replay as one self-contained HTML page, for people who would rather look than read JSON: the
 * counts per outcome and per check, a table per project with a link to each resource's ticket, and
 * the fix commands. No script, no external resource; every value is escaped, since resource names,
 * labels and reasons come from whoever created the resource.
 */
final class HtmlReport {

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}
            th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
            th{background:#f3f3f3}
            .violation{background:#fde8e8}.unknown{background:#fff7e0}.error{background:#fde8e8}
            .compliant{background:#e9f7ec}.exempt{background:#eef2fb}
            pre{white-space:pre-wrap;margin:0;font-size:12px}""";

    private HtmlReport() {
    }

    /** Writes the page for {@code rows}; the tickets are read from {@code ticketsDir} (links are relative to it). */
    static void write(List<Row> rows, Path ticketsDir, Path out) {
        Map<String, Ticket> tickets = openTickets(ticketsDir);
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                + "<title>Metadata Guard report</title><style>" + STYLE + "</style></head><body>\n"
                + "<h1>Metadata Guard report</h1>\n");
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> checks = new TreeMap<>();
        Map<String, List<Row>> projects = new TreeMap<>();
        for (Row r : rows) {
            outcomes.merge(r.outcome(), 1, Integer::sum);
            r.findings().forEach(f -> checks.merge(f, 1, Integer::sum));
            projects.computeIfAbsent(ResourceRef.parse(r.resource()).map(ResourceRef::project).orElse("(no project)"),
                    p -> new ArrayList<>()).add(r);
        }
        page.append("<p>").append(rows.size()).append(" rows.</p>\n");
        counts(page, "Per outcome", "outcome", outcomes);
        counts(page, "Per check", "check", checks);
        Path base = out.toAbsolutePath().getParent();
        for (Map.Entry<String, List<Row>> project : projects.entrySet()) {
            page.append("<h2>Project ").append(escape(project.getKey())).append("</h2>\n<table><tr><th>resource</th>"
                    + "<th>outcome</th><th>findings</th><th>action</th><th>reason</th><th>ticket</th><th>fix</th></tr>\n");
            for (Row r : project.getValue()) {
                Ticket ticket = tickets.get(r.resource());
                page.append("<tr class=\"").append(escape(r.outcome())).append("\"><td>").append(escape(r.resource()))
                        .append("</td><td>").append(escape(r.outcome())).append("</td><td>")
                        .append(escape(String.join(", ", r.findings()))).append("</td><td>").append(escape(r.action()))
                        .append("</td><td>").append(escape(r.reason())).append("</td><td>");
                if (ticket != null) {
                    String href = base.relativize(ticketsDir.toAbsolutePath().resolve(ticket.fingerprint() + ".md")).toString();
                    page.append("<a href=\"").append(escape(href)).append("\">").append(escape(ticket.fingerprint()))
                            .append("</a>");
                }
                page.append("</td><td>");
                if (ticket != null) {
                    page.append("<pre>");
                    ticket.fix().forEach(step -> step.commands()
                            .forEach(c -> page.append(html(Inert.visibleLines(c))).append('\n')));
                    page.append("</pre>");
                }
                page.append("</td></tr>\n");
            }
            page.append("</table>\n");
        }
        page.append("</body></html>\n");
        try {
            Files.writeString(out, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + out, e);
        }
    }

    private static void counts(StringBuilder page, String title, String what, Map<String, Integer> counts) {
        page.append("<h2>").append(title).append("</h2>\n<table><tr><th>").append(what).append("</th><th>rows</th></tr>\n");
        counts.forEach((k, v) -> page.append("<tr><td>").append(escape(k)).append("</td><td>").append(v).append("</td></tr>\n"));
        page.append("</table>\n");
    }

    /** The open tickets of the folder, by resource. */
    private static Map<String, Ticket> openTickets(Path dir) {
        Map<String, Ticket> open = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return open;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                Ticket t = TicketJson.read(Files.readAllBytes(f));
                if (t.isOpen()) {
                    open.put(t.resource(), t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tickets in " + dir, e);
        }
        return open;
    }

    /**
     * Text as HTML text or attribute value: every unsafe character shown as its code ({@link Inert#visible},
     * line feeds kept where {@code lines}), and nothing left that can open a tag or an entity or leave the quotes.
     */
    static String escape(String text) {
        return html(Inert.visible(text));
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
