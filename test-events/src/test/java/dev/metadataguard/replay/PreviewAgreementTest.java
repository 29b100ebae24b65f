package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The preview's verdict against the guard's on MG001, MG002 and MG005, over every expected row of test-events/
 * and of its estate listings (which ExpectedRowsTest and EstateAuditTest hold equal to the replay): where a
 * row's request was judged and the guard judged the pool, the two agree, or the row's reason says why not.
 */
class PreviewAgreementTest {

    private static final List<String> CHECKS = List.of("MG001", "MG002", "MG005");

    @Test
    void thePreviewAgreesWithTheGuardOrTheRowSaysWhy() throws IOException {
        List<String> unexplained = new ArrayList<>();
        int compared = 0;
        for (JsonNode row : rows()) {
            if (!row.has("prevented") || !List.of("compliant", "violation", "exempt").contains(row.path("outcome").asText())
                    || row.path("reason").asText().contains("not judged")) {
                continue;
            }
            compared++;
            for (String check : CHECKS) {
                boolean found = false;
                for (JsonNode f : row.path("findings")) {
                    found |= f.asText().equals(check);
                }
                boolean refused = false;
                for (JsonNode c : row.path("prevented")) {
                    refused |= c.asText().startsWith("custom.metadataGuard" + check.charAt(0) + check.substring(1).toLowerCase());
                }
                String reason = row.path("reason").asText();
                int note = reason.indexOf("; prevent: ");
                if (found != refused && (note < 0 || !reason.substring(note).contains(check))) {
                    unexplained.add(row.path("source").asText(row.path("resource").asText()) + " " + check + ": guard "
                            + (found ? "found it" : "passed it") + ", preview " + (refused ? "refused" : "allowed"));
                }
            }
        }
        assertTrue(compared > 40, "too few rows compared: " + compared);
        assertTrue(unexplained.isEmpty(), String.join("\n", unexplained));
    }

    private static List<JsonNode> rows() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        ExpectedRowsTest.events().forEach(event -> rows.addAll(ExpectedRows.of(event).rows()));
        try (Stream<Path> files = Files.list(TestEvents.root().resolve("estate"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".expected.json")).toList()) {
                TestEvents.JSON.readTree(file.toFile()).forEach(rows::add);
            }
        }
        return rows;
    }
}
