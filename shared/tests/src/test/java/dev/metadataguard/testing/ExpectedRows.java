package dev.metadataguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test event is and what the replay must print for it, in {@code NAME.expected.json} beside
 * {@code NAME.json}: {@code envelope} and {@code about} for the README's table, and {@code rows}, the
 * replay's {@code --json} lines for the event with {@code source} relative to the event's folder.
 */
public record ExpectedRows(Path event, String envelope, String about, List<JsonNode> rows) {

    private static final String SUFFIX = ".expected.json";

    public static boolean isExpectedRows(Path file) {
        return file.getFileName().toString().endsWith(SUFFIX);
    }

    public static Path fileFor(Path event) {
        String name = event.getFileName().toString();
        return event.resolveSibling(name.substring(0, name.length() - ".json".length()) + SUFFIX);
    }

    public static ExpectedRows of(Path event) {
        Path file = fileFor(event);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(event.getFileName() + " has no " + file.getFileName() + " beside it: write one"
                    + " with \"envelope\", \"about\" and \"rows\": [] and regenerate its rows (see test-events/README.md)");
        }
        try {
            JsonNode json = TestEvents.JSON.readTree(file.toFile());
            List<JsonNode> rows = new ArrayList<>();
            json.path("rows").forEach(rows::add);
            return new ExpectedRows(event, json.path("envelope").asText(), json.path("about").asText(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": not readable JSON", e);
        }
    }

    /**
     * The check ids of the findings the replay reports last for one pool of test event {@code name}, as the regenerate
     * flag wrote them: a test that asserts a pool's exact findings reads them here, so a new check changes one file.
     */
    public static List<String> findingsOf(String name, String pool) {
        List<String> ids = new ArrayList<>();
        rowOf(name, pool).path("findings").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** The outcome the replay reports last for one pool of test event {@code name}: compliant, violation, unknown... */
    public static String outcomeOf(String name, String pool) {
        return rowOf(name, pool).path("outcome").asText();
    }

    private static JsonNode rowOf(String name, String pool) {
        ExpectedRows expected = of(TestEvents.event(name));
        return expected.rows().stream().filter(row -> row.path("resource").asText().endsWith("/nodePools/" + pool))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError(fileFor(expected.event()).getFileName()
                        + " has no row for pool " + pool));
    }

    /** The event's name as the README's table shows it: its path below {@code test-events/}, without {@code .json}. */
    public String name() {
        String relative = TestEvents.root().relativize(event).toString().replace('\\', '/');
        return relative.substring(0, relative.length() - ".json".length());
    }

    /** This file with {@code rows} in place of its rows. */
    public void write(List<JsonNode> newRows) {
        ObjectNode json = TestEvents.JSON.createObjectNode();
        json.put("envelope", envelope);
        json.put("about", about);
        ArrayNode array = json.putArray("rows");
        newRows.forEach(array::add);
        try {
            Files.writeString(fileFor(event), TestEvents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json)
                    + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
