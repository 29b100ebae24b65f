package dev.metadataguard.bench;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.inspect.DecisionSink;
import java.util.concurrent.atomic.LongAdder;

/** Counts what the inspector asks for and keeps nothing, as a publisher that has sent it would. */
final class CountingSink implements DecisionSink {

    final LongAdder tickets = new LongAdder();
    final LongAdder replacements = new LongAdder();

    @Override
    public void requestTicket(TicketRequest request) {
        tickets.increment();
    }

    @Override
    public void requestReplacement(Decision decision) {
        replacements.increment();
    }
}
