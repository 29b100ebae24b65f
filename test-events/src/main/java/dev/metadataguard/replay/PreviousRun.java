package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An earlier run for {@code --since}: the rows its {@code --json} printed, one object a line.
 *
 * @param name what the page calls it: the file's name
 */
record PreviousRun(String name, List<Row> rows) {

    PreviousRun {
        rows = List.copyOf(rows);
    }

    /** Reads the rows; a line that is not a row (a sweep's summary has no findings to compare) says so. */
    static PreviousRun read(Path file, ObjectMapper mapper) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode line = mapper.readTree(lines.get(i));
            if (line == null || !line.path("resource").isTextual() || !line.path("outcome").isTextual()
                    || !line.path("findings").isArray()) {
                throw new IllegalArgumentException("--since " + file + " line " + (i + 1) + " is not a row of the"
                        + " replay's --json (resource, outcome, findings); give the --json output of an earlier run");
            }
            List<String> findings = new ArrayList<>();
            line.path("findings").forEach(f -> findings.add(f.asText()));
            rows.add(new Row(line.path("source").asText(""), line.path("method").asText(""),
                    line.path("resource").asText(), line.path("outcome").asText(), findings,
                    line.path("action").asText(""), line.path("reason").asText("")));
        }
        return new PreviousRun(file.getFileName().toString(), rows);
    }
}
