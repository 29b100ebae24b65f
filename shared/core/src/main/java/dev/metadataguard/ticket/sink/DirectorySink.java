package dev.metadataguard.ticket.sink;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.Ticket.Resolution;
import dev.metadataguard.ticket.TicketJson;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketRenderer;
import dev.metadataguard.ticket.TicketSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Tickets as files in a local folder, for local mode and the replay: {@code <fingerprint>.md} for people
 * and {@code <fingerprint>.json} (the whole ticket, read back on the next change), rewritten in place.
 */
public final class DirectorySink implements TicketSink {

    static final String NAME = "directory";

    private final Path directory;

    public DirectorySink(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw failure("directory.create", "cannot create " + directory, e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TicketRecord> find(String key) {
        Path json = jsonOf(key);
        if (Files.exists(json)) {
            return List.of(record(read(json)));
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .map(DirectorySink::read)
                    .filter(ticket -> ticket.resourceKey().equals(key)
                            || TicketComposer.clusterKey(ticket.resource()).filter(key::equals).isPresent())
                    .map(DirectorySink::record)
                    .toList();
        } catch (IOException e) {
            throw failure("directory.list", "cannot list " + directory, e);
        }
    }

    @Override
    public Optional<Set<String>> openClusters() {
        try (Stream<Path> files = Files.list(directory)) {
            return Optional.of(files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .map(DirectorySink::read)
                    .filter(Ticket::isOpen)
                    .flatMap(ticket -> ResourceRef.parse(ticket.resource()).stream())
                    .map(ResourceRef::clusterName)
                    .collect(Collectors.toCollection(TreeSet::new)));
        } catch (IOException e) {
            throw failure("directory.list", "cannot list " + directory, e);
        }
    }

    @Override
    public TicketRecord create(Ticket ticket) {
        return write(ticket);
    }

    @Override
    public void addOutcome(TicketRecord existing, Ticket after, RemediationOutcome outcome) {
        write(after);
    }

    @Override
    public void resolve(TicketRecord existing, Ticket after, Resolution resolution) {
        write(after);
    }

    @Override
    public void reopen(TicketRecord existing, Ticket after, Instant seenAgain) {
        write(after);
    }

    private TicketRecord write(Ticket ticket) {
        Path json = jsonOf(ticket.fingerprint());
        // The JSON is the state read back on the next change, so it is replaced last.
        replace(directory.resolve(ticket.fingerprint() + ".md"),
                TicketRenderer.markdown(ticket).getBytes(StandardCharsets.UTF_8));
        replace(json, TicketRenderer.json(ticket));
        return record(ticket);
    }

    private void replace(Path file, byte[] content) {
        try {
            Path temporary = Files.createTempFile(directory, ".writing-", ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure("directory.write", "cannot write " + file, e);
        }
    }

    private Path jsonOf(String key) {
        return directory.resolve(TicketKeys.check(key) + ".json");
    }

    private static TicketRecord record(Ticket ticket) {
        return new TicketRecord(ticket.fingerprint() + ".md", ticket.fingerprint(), ticket.isOpen(),
                ticket.resolution().map(Resolution::at), ticket.outcomeKeys(), Optional.of(ticket));
    }

    private static Ticket read(Path json) {
        try {
            return TicketJson.read(Files.readAllBytes(json));
        } catch (IOException e) {
            throw failure("directory.read", "cannot read " + json, e);
        } catch (UncheckedIOException e) {
            throw failure("directory.read", json + " is not a ticket: move it out of the folder", e.getCause());
        }
    }

    private static ApiFailure failure(String call, String what, IOException e) {
        return new ApiFailure(FailureKind.PERMANENT, call, what + " (" + e + "): check tickets.directory.path", e);
    }
}
