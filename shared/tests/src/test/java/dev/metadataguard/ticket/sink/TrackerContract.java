package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketDesk.Change;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a tracker can hold and a folder cannot: two issues for one fingerprint. */
abstract class TrackerContract extends TicketLifecycleContract {

    @Test
    void aDuplicateLeftByARetriedCreateIsResolvedAndTheOldestKept() {
        Decision decision = Samples.violation(MG001);
        Ticket ticket = Samples.composer().violation(decision, Optional.empty());
        sink().create(ticket);
        sink().create(ticket);

        assertEquals(Change.UNCHANGED, Samples.desk(sink()).apply(Samples.evaluated(decision)).change());

        assertEquals(List.of(new Held(decision.fingerprint(), true, Set.of()),
                new Held(decision.fingerprint(), false, Set.of())), held());
    }
}
