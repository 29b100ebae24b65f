package dev.metadataguard.replay;

import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.inspect.DecisionSink;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.sink.DirectorySink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * The in-process hand-off from the inspector: ticket requests go straight to the ticket desk, which
 * writes one Markdown and one JSON file per ticket into the tickets folder.
 */
final class LocalSinks {

    private LocalSinks() {
    }

    static LocalGuard.DecisionSinkFactory forOptions(Path ticketsDir, Policy policy) {
        TicketDesk desk = new TicketDesk(new DirectorySink(ticketsDir), new TicketComposer(policy::nodeServiceAccount),
                Clock.systemUTC());
        return (gke, outcomes) -> new DecisionSink() {
            @Override
            public void requestTicket(TicketRequest request) {
                TicketDesk.Applied applied = desk.apply(request);
                String ids = applied.tickets().isEmpty() ? "" : " " + String.join(",", applied.tickets());
                outcomes.note(request.resource(), "ticket " + applied.change().name().toLowerCase(Locale.ROOT) + ids);
            }

            @Override
            public void requestReplacement(Decision decision) {
                outcomes.note(decision.resource(), "replacement requested");
            }
        };
    }
}
