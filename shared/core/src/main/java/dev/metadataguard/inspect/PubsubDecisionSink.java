package dev.metadataguard.inspect;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.decision.TicketRequest;

/** Hands decisions on through the {@code ticket-requests} and {@code replacement-requests} topics. */
public final class PubsubDecisionSink implements DecisionSink {

    private final RequestTopic tickets;
    private final RequestTopic replacements;

    public PubsubDecisionSink(RequestTopic tickets, RequestTopic replacements) {
        this.tickets = tickets;
        this.replacements = replacements;
    }

    @Override
    public void requestTicket(TicketRequest request) {
        tickets.publish(request);
    }

    @Override
    public void requestReplacement(Decision decision) {
        replacements.publish(decision);
    }
}
