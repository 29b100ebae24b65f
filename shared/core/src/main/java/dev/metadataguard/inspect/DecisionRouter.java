package dev.metadataguard.inspect;

import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.Verb;
import dev.metadataguard.policy.Outcome;
import java.util.function.Predicate;

/**
 * Sends each decision where it belongs. A decision to replace opens (or updates) its ticket first and only
 * then asks the replacer, so a replacement that never happens (the cluster broken, busy past the retry
 * budget, the request dead-lettered) still leaves an open ticket. Compliant results are only logged, except where they close
 * a ticket: the guard's own replacement evaluating compliant, an update that fixed a pool, or an
 * inspection request (a sweep) finding a pool compliant or exempt. A sweep also tells the desk what
 * the cluster holds, so the tickets of what was deleted close.
 */
public final class DecisionRouter {

    private DecisionRouter() {
    }

    public static void route(Inspection inspection, Verb verb, DecisionSink sink) {
        route(inspection, d -> d.outcome() == Outcome.COMPLIANT
                && (d.replaces() != null || verb == Verb.UPDATE_NODE_POOL || verb == Verb.UPDATE_CLUSTER), sink);
    }

    /**
     * An inspection request's decisions. Every compliant or exempt pool is sent to the ticket desk, which
     * resolves its open ticket, if any: a sweep is what notices a fix that no audit entry showed.
     */
    public static void routeInspection(Inspection inspection, DecisionSink sink) {
        route(inspection, d -> d.outcome() == Outcome.COMPLIANT || d.outcome() == Outcome.EXEMPT, sink);
        inspection.present().ifPresent(sink::requestTicket);
    }

    private static void route(Inspection inspection, Predicate<Decision> closesATicket, DecisionSink sink) {
        for (Decision d : inspection.decisions()) {
            if (d.action() == Action.REPLACE) {
                sink.requestTicket(new TicketRequest.Evaluated(d));
                sink.requestReplacement(d);
            } else if (d.action() == Action.TICKET || closesATicket.test(d)) {
                sink.requestTicket(new TicketRequest.Evaluated(d));
            }
        }
        inspection.held().forEach(sink::requestTicket);
        inspection.guardProblems().forEach(sink::requestTicket);
    }
}
