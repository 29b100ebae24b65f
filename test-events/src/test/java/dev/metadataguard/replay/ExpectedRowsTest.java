package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.GeneratedSection;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The replay over test-events/ with the IAM export and the constraints' preview ({@code --prevent}: each row's
 * {@code prevented}, and in its reason why the preview and the guard differ where they do), as each event's
 * {@code .expected.json} states it: one
 * dynamic test per event, so one event's change does not hide another's. The folder is replayed as a whole,
 * since later entries find what earlier ones created (02 after 01, 08 after 07).
 */
class ExpectedRowsTest {

    /** The folder above acme-prod grants a role of its own (event 27): roles count where IAM inherits them. */
    static final String FOLDER_IAM = "folders/2024=" + TestEvents.root().resolve("iam/acme-data-folder-iam-policy.json");
    /** acme-sandbox binds roles/editor to a group (event 30): an export does not say who is in it. */
    static final String SANDBOX_IAM = "projects/acme-sandbox=" + TestEvents.root().resolve("iam/acme-sandbox-iam-policy.json");

    static final String HOW = "mvn -B -pl test-events -am test -Dtest=ExpectedRowsTest -Dsurefire.failIfNoSpecifiedTests=false";

    /** The policy of {@code enforce/}: acme-prod's violations are replaced, with gke-nodes as node SA. */
    static final String ENFORCE = TestEvents.root().resolve("policies/enforce.yaml").toString();

    @TestFactory
    Stream<DynamicTest> everyEventGivesItsExpectedRows() {
        Map<Path, List<JsonNode>> actual = new LinkedHashMap<>();
        replay(TestEvents.root(), 0, actual);
        replay(TestEvents.root().resolve("malformed"), 2, actual);
        replay(TestEvents.root().resolve("enforce"), 0, actual, "--policy", ENFORCE);
        return events().map(event -> dynamicTest(ExpectedRows.of(event).name(), () -> {
            ExpectedRows expected = ExpectedRows.of(event);
            List<JsonNode> rows = actual.getOrDefault(event, List.of());
            if (Boolean.getBoolean(GeneratedSection.REGENERATE)) {
                expected.write(rows);
                return;
            }
            assertEquals(pretty(expected.rows()), pretty(rows), ExpectedRows.fileFor(event).getFileName()
                    + " differs from the replay; if the change is intended, regenerate it with " + HOW + " -D"
                    + GeneratedSection.REGENERATE + "=true and review the diff");
        }));
    }

    @Test
    void readmeTableIsTheExpectedRows() {
        GeneratedSection.check(TestEvents.root().resolve("README.md"), "events",
                EventTable.markdown(events().map(ExpectedRows::of).toList()), HOW);
    }

    static Stream<Path> events() {
        return Stream.of(TestEvents.all(), TestEvents.enforced(), TestEvents.malformed()).flatMap(List::stream);
    }

    /**
     * Replays {@code folder} and files each {@code --json} line under its event, with the folder's path taken
     * out of its source and reason, so the rows read the same in every checkout.
     */
    private static void replay(Path folder, int exit, Map<Path, List<JsonNode>> rows, String... options) {
        ReplayRun run;
        try {
            List<String> args = new ArrayList<>(List.of("--json", "--prevent", "--tickets-dir",
                    Files.createTempDirectory("tickets").toString(),
                    "--iam", TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(), "--iam", FOLDER_IAM,
                    "--iam", SANDBOX_IAM));
            args.addAll(List.of(options));
            args.add(folder.toString());
            run = ReplayRun.of(Map.of(), "", args.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(exit, run.exit(), run.err());
        for (JsonNode line : run.lines()) {
            ObjectNode row = line.deepCopy();
            String source = folder.relativize(Path.of(row.path("source").asText())).toString();
            row.put("source", source);
            row.put("reason", row.path("reason").asText().replace(folder + "/", ""));
            Path event = folder.resolve(source.replaceFirst("#\\d+$", ""));
            rows.computeIfAbsent(event, e -> new ArrayList<>()).add(row);
        }
    }

    private static String pretty(List<JsonNode> rows) {
        try {
            return TestEvents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
