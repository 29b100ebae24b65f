package dev.metadataguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's {@code test-events/} folder: the same files drive unit tests, end-to-end tests and
 * the replay. Events sit at its top level; {@code malformed/} holds the unreadable ones.
 */
public final class TestEvents {

    public static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {
    }

    public static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-events/malformed"))) {
                return p.resolve("test-events");
            }
        }
        throw new IllegalStateException("no test-events/ folder above " + here);
    }

    public static Path event(String name) {
        return root().resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(event(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as an event's data, with the file name as its id: what a dead letter of it keeps. */
    public static CloudEvent cloudEvent(String name) {
        return CloudEventBuilder.v1().withId(name).withSource(URI.create("test-events/" + name))
                .withType("dev.metadataguard.test-event").withData("application/json", bytes(name)).build();
    }

    /** The event's first entry, decoded as the functions decode it. */
    public static AuditEvent auditEvent(String name) {
        return ((Intake.Accepted) new EventDecoder(JSON).decode(bytes(name), name).get(0)).event();
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(event(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events at the top of the folder, in file-name order. */
    public static List<Path> all() {
        return events(root());
    }

    /** The unreadable ones in {@code malformed/}. */
    public static List<Path> malformed() {
        return events(root().resolve("malformed"));
    }

    /** Those of {@code enforce/}, replayed under {@code policies/enforce.yaml}. */
    public static List<Path> enforced() {
        return events(root().resolve("enforce"));
    }

    /** The events of a folder, without the expected rows beside them ({@link ExpectedRows}). */
    private static List<Path> events(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".json") && !ExpectedRows.isExpectedRows(p)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
