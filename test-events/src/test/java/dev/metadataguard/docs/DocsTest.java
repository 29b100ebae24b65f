package dev.metadataguard.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs name only what exists, and say it in sentences a reader can hold: every Java type, repository
 * path, replay flag and environment variable they name is checked against the sources ({@link DocDrift}).
 */
class DocsTest {

    static final Path ROOT = TestEvents.root().getParent();
    /** The README stays a front page: the commands, what it does, the estate audit, the flow, links. */
    static final int README_MAX_LINES = 150;

    @Test
    void everyNameInTheDocsExistsAndNoSentenceIsOverSixtyWords() throws IOException {
        DocDrift drift = DocDrift.of(ROOT);
        List<DocDrift.Problem> problems = new ArrayList<>();
        for (Path doc : documents()) {
            String name = ROOT.relativize(doc).toString().replace('\\', '/');
            problems.addAll(drift.check(name, Files.readString(doc)));
        }
        assertEquals("", String.join("\n", problems.stream().map(DocDrift.Problem::toString).toList()),
                "rename or remove what the docs name and the sources do not hold; split sentences over "
                        + DocDrift.MAX_SENTENCE_WORDS + " words");
    }

    @Test
    void theReadmeIsAFrontPage() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertTrue(lines.size() <= README_MAX_LINES, "README.md has " + lines.size() + " lines, at most "
                + README_MAX_LINES + ": move detail to docs/");
        // The two commands come first: the main job (the local replay of test-events/) and every test.
        assertEquals("```sh", lines.get(2));
        assertTrue(lines.get(3).startsWith(DocDrift.REPLAY + " ") && lines.get(3).contains(" test-events/ "), lines.get(3));
        assertTrue(lines.get(4).startsWith(".ci/run "), lines.get(4));
    }

    /** README.md, docs/*.md, terraform/README.md and test-events/README.md. */
    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        docs.add(ROOT.resolve("terraform/README.md"));
        docs.add(ROOT.resolve("test-events/README.md"));
        return docs;
    }
}
