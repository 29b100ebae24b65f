package dev.metadataguard.replay;

import dev.metadataguard.text.Inert;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The readable summary: one row per evaluation (or delivery), short names, and the totals. */
final class SummaryTable {

    private static final int REASON_WIDTH = 150;

    private SummaryTable() {
    }

    /** @param prevented with a PREVENTED column: the constraints that would have refused each row's request */
    static void print(List<Row> rows, boolean prevented, PrintStream out) {
        String[] header = prevented ? new String[] {"SOURCE", "METHOD", "RESOURCE", "OUTCOME", "FINDINGS", "ACTION",
            "PREVENTED", "REASON"} : new String[] {"SOURCE", "METHOD", "RESOURCE", "OUTCOME", "FINDINGS", "ACTION", "REASON"};
        List<String[]> cells = rows.stream().map(r -> {
            List<String> row = new java.util.ArrayList<>(List.of(shortSource(r.source()), shortMethod(r.method()),
                    shortResource(r.resource()), r.outcome(), r.findings().isEmpty() ? "-" : String.join(",", r.findings()),
                    r.action()));
            if (prevented) {
                row.add(r.prevented().filter(c -> !c.isEmpty()).map(c -> String.join(",", c.stream()
                        .map(name -> name.replace("custom.metadataGuard", "")).toList())).orElse("-"));
            }
            row.add(clip(r.reason()));
            return row.toArray(String[]::new);
        }).toList();
        printColumns(header, cells, out);
        Map<String, Integer> totals = new TreeMap<>();
        rows.forEach(r -> totals.merge(r.outcome(), 1, Integer::sum));
        out.println();
        out.println(rows.size() + " rows: " + totals.toString().replaceAll("[{}]", "").replace("=", " "));
    }

    static void printDeliveries(List<Delivery> deliveries, PrintStream out) {
        String[] header = {"SOURCE", "METHOD", "RESOURCE", "ANSWER"};
        printColumns(header, deliveries.stream().map(d -> new String[] {
            shortSource(d.source()), shortMethod(d.method()), shortResource(d.resource()), d.answer()}).toList(), out);
        long failed = deliveries.stream().filter(d -> !d.ok()).count();
        out.println();
        out.println(deliveries.size() + " sent: " + (deliveries.size() - failed) + " delivered, " + failed + " failed");
    }

    /** Cells carry names and reasons from the events: shown on a terminal, each unsafe character as its code. */
    private static void printColumns(String[] header, List<String[]> raw, PrintStream out) {
        List<String[]> cells = raw.stream().map(row -> Arrays.stream(row).map(Inert::visible).toArray(String[]::new))
                .toList();
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] c : cells) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        printLine(header, width, out);
        cells.forEach(c -> printLine(c, width, out));
    }

    private static void printLine(String[] cells, int[] width, PrintStream out) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == cells.length - 1 ? cells[i] : String.format("%-" + width[i] + "s  ", cells[i]));
        }
        out.println(line.toString().stripTrailing());
    }

    static String shortSource(String source) {
        int slash = source.lastIndexOf('/');
        return slash < 0 ? source : source.substring(slash + 1);
    }

    /** {@code google.container.v1beta1.ClusterManager.CreateNodePool} -> {@code v1beta1 CreateNodePool}. */
    private static String shortMethod(String method) {
        String prefix = "google.container.";
        int service = method.indexOf(".ClusterManager.");
        if (method.startsWith(prefix) && service > 0) {
            return method.substring(prefix.length(), service) + " " + method.substring(service + 16);
        }
        return method.isEmpty() ? "-" : method;
    }

    /** {@code projects/p/locations/l/clusters/c/nodePools/n} -> {@code p/l/c/n}. */
    static String shortResource(String name) {
        return name.isEmpty() ? "-" : name.replace("projects/", "").replace("locations/", "")
                .replace("clusters/", "").replace("nodePools/", "");
    }

    private static String clip(String reason) {
        return reason.length() <= REASON_WIDTH ? reason : reason.substring(0, REASON_WIDTH - 3) + "...";
    }
}
