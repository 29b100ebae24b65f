package dev.metadataguard.replay;

import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The open tickets of {@code --tickets-dir}, by resource, each with its link relative to the page. */
final class TicketLinks {

    private final Map<String, Ticket> open;
    private final Path dir;
    private final Path pageDir;

    private TicketLinks(Map<String, Ticket> open, Path dir, Path pageDir) {
        this.open = open;
        this.dir = dir;
        this.pageDir = pageDir;
    }

    static TicketLinks read(Path dir, Path page) {
        Map<String, Ticket> open = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    Ticket t = TicketJson.read(Files.readAllBytes(f));
                    if (t.isOpen()) {
                        open.put(t.resource(), t);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the tickets in " + dir, e);
            }
        }
        return new TicketLinks(open, dir.toAbsolutePath(), page.toAbsolutePath().getParent());
    }

    Optional<Ticket> of(String resource) {
        return Optional.ofNullable(open.get(resource));
    }

    /** A link to the ticket's Markdown, as escaped HTML. */
    String link(Ticket ticket) {
        String href = pageDir.relativize(dir.resolve(ticket.fingerprint() + ".md")).toString();
        return "<a href=\"" + Html.text(href) + "\">" + Html.text(ticket.fingerprint()) + "</a>";
    }
}
