package dev.metadataguard.inspect;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import java.util.ArrayList;
import java.util.List;

/** The test double beside {@link PubsubDecisionSink}: keeps what would have been published. */
public final class RecordingSink implements DecisionSink {

    public final List<TicketRequest> tickets = new ArrayList<>();
    public final List<Decision> replacements = new ArrayList<>();

    @Override
    public void requestTicket(TicketRequest request) {
        tickets.add(request);
    }

    @Override
    public void requestReplacement(Decision decision) {
        replacements.add(decision);
    }
}
