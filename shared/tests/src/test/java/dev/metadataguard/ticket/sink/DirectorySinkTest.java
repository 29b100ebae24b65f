package dev.metadataguard.ticket.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketJson;
import dev.metadataguard.ticket.TicketRenderer;
import dev.metadataguard.ticket.TicketSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySinkTest extends TicketLifecycleContract {

    @TempDir
    Path folder;

    @Override
    protected TicketSink newSink() {
        return new DirectorySink(folder);
    }

    @Override
    protected List<Held> held() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json")).map(DirectorySinkTest::read)
                    .map(t -> new Held(t.fingerprint(), t.isOpen(), t.outcomeKeys()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTicketIsAMarkdownFileAndAJsonFileNamedByItsFingerprint() throws IOException {
        Ticket ticket = Samples.composer().violation(Samples.violation(Samples.MG001), Optional.empty());

        new DirectorySink(folder).create(ticket);

        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(ticket.fingerprint() + ".json", ticket.fingerprint() + ".md"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertEquals(TicketRenderer.markdown(ticket),
                Files.readString(folder.resolve(ticket.fingerprint() + ".md"), StandardCharsets.UTF_8));
        assertEquals(ticket, read(folder.resolve(ticket.fingerprint() + ".json")));
    }

    @Test
    void aKeyThatCouldLeaveTheFolderIsRefused() {
        ApiFailure failure = assertThrows(ApiFailure.class, () -> new DirectorySink(folder).find("../escape"));

        assertEquals(FailureKind.PERMANENT, failure.kind());
    }

    @Test
    void aFileThatIsNoTicketIsAPermanentFailureNamingIt() throws IOException {
        Files.writeString(folder.resolve("notes.json"), "{\"hello\":1}");

        ApiFailure failure = assertThrows(ApiFailure.class, () -> new DirectorySink(folder).find("mg-0000000000000000"));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("directory.read: " + folder.resolve("notes.json") + " is not a ticket: move it out of the folder",
                failure.getMessage().substring(0, failure.getMessage().indexOf(" (")));
    }

    private static Ticket read(Path json) {
        try {
            return TicketJson.read(Files.readAllBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
