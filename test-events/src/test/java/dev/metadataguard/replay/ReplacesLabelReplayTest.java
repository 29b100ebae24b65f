package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.policy.Labels;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cluster owner's label cannot blind the guard: event 19 replayed with {@code metadata-guard-replaces} set to
 * each value an owner might write, on the cluster's resource labels and on pool jobs' node labels, still judges
 * every pool as without it (web compliant, batch and jobs violations), and no row is an error.
 */
class ReplacesLabelReplayTest {

    private static final String IAM = TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString();

    static Stream<Arguments> variants() {
        return Stream.of("0", "", "x_", "A".repeat(64), "web", "../../etc")
                .flatMap(value -> Stream.of(Arguments.of("resourceLabels", value), Arguments.of("jobs", value)));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("variants")
    void everyPoolIsJudgedWhateverTheLabelSays(String where, String value, @TempDir Path dir) throws IOException {
        ObjectNode event = (ObjectNode) TestEvents.JSON.readTree(
                TestEvents.root().resolve("19-create-cluster-v1-first-three-pools-mixed.json").toFile());
        ObjectNode cluster = (ObjectNode) event.path("protoPayload").path("request").path("cluster");
        ObjectNode labelled = where.equals("resourceLabels") ? cluster
                : (ObjectNode) cluster.path("nodePools").get(2).path("config");
        labelled.putObject(where.equals("resourceLabels") ? "resourceLabels" : "labels").put(Labels.REPLACES, value);
        Path file = dir.resolve("19-labelled.json");
        TestEvents.JSON.writeValue(file.toFile(), event);

        ReplayRun run = ReplayRun.of(Map.of(), "", "--json", "--tickets-dir", dir.resolve("tickets").toString(),
                "--iam", IAM, file.toString());

        assertEquals(0, run.exit(), run.err());
        String unlabelled = "19-create-cluster-v1-first-three-pools-mixed.json";
        assertEquals(Stream.of("web", "batch", "jobs").map(pool -> pool + " " + ExpectedRows.outcomeOf(unlabelled, pool))
                .toList(), run.lines().stream().map(ReplacesLabelReplayTest::poolAndOutcome).toList());
    }

    private static String poolAndOutcome(JsonNode row) {
        String resource = row.path("resource").asText();
        return resource.substring(resource.lastIndexOf('/') + 1) + " " + row.path("outcome").asText();
    }
}
