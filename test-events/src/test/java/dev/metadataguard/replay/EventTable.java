package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.testing.ExpectedRows;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** test-events/README.md's table of events, written from their expected rows. */
final class EventTable {

    static final String HEADER = """
            | file | envelope | what it is | outcome | findings |
            | --- | --- | --- | --- | --- |
            """;

    private EventTable() {
    }

    static String markdown(List<ExpectedRows> events) {
        return HEADER + events.stream().map(e -> "| " + String.join(" | ", e.name(), e.envelope(), e.about(),
                outcome(e.rows()), findings(e.rows())) + " |\n").collect(Collectors.joining());
    }

    /** Runs of equal outcomes, e.g. {@code compliant + violation (ticket) x2, 3 rows}. */
    private static String outcome(List<JsonNode> rows) {
        List<String> labels = rows.stream().map(EventTable::label).toList();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < labels.size(); ) {
            int end = i;
            while (end < labels.size() && labels.get(end).equals(labels.get(i))) {
                end++;
            }
            runs.add(labels.get(i) + (end - i > 1 && labels.size() > end - i ? " x" + (end - i) : ""));
            i = end;
        }
        return String.join(" + ", runs) + (rows.size() > 1 ? ", " + rows.size() + " rows" : "");
    }

    private static String label(JsonNode row) {
        String action = row.path("action").asText();
        return row.path("outcome").asText() + (action.isEmpty() || action.equals("none") ? "" : " (" + action + ")");
    }

    /** Each distinct finding set, {@code -} for none, e.g. {@code - / MG001 MG002 / MG004}. */
    private static String findings(List<JsonNode> rows) {
        return rows.stream().map(row -> {
            String ids = StreamSupport.stream(row.path("findings").spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining(" "));
            return ids.isEmpty() ? "-" : ids;
        }).distinct().collect(Collectors.joining(" / "));
    }
}
