package dev.metadataguard.ticket.sink;

import static dev.metadataguard.testing.RenderedText.assertNoUnsafeCharacters;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.event.Intake;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The events of {@code test-events/hostile/} (metadata values, principals and names carrying CR/LF,
 * NUL, bidi overrides, HTML, Markdown links, backticks, shell metacharacters, 32 KB) through the real
 * decoder, the inspector on the embedded GKE, and every sink's renderer ({@link SinkRenderings}).
 */
class HostileCorpusTest {

    private static InspectedEvents events;

    @BeforeAll
    static void start() {
        events = new InspectedEvents();
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(TestEvents.root().resolve("hostile"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everySinkShowsTheEventsTextAsText(Path file) throws IOException {
        List<Intake> intakes = events.decode(Files.readAllBytes(file), file.getFileName().toString());
        List<Decision> violations = new ArrayList<>();
        for (Intake intake : intakes) {
            if (intake instanceof Intake.Malformed m) {
                assertNoUnsafeCharacters(m.reason(), "the reason");
                assertTrue(m.reason().length() < 1000, m.reason());
            } else if (intake instanceof Intake.Accepted a) {
                violations.addAll(events.violations(a));
            }
        }
        if (file.getFileName().toString().contains("forged")) {
            // GKE refuses such names, so only a forged entry carries one: it is refused, with the reason.
            assertTrue(intakes.stream().allMatch(i -> i instanceof Intake.Malformed), intakes.toString());
            return;
        }
        assertFalse(violations.isEmpty(), "each pool of the corpus leaves legacy endpoints on (MG004)");
        violations.forEach(SinkRenderings::assertInertEverywhere);
    }
}
