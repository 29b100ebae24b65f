package dev.metadataguard.inspect;

import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.Verb;
import dev.metadataguard.policy.Outcome;

/**
 * Sends each decision where it belongs. Compliant results are only logged, except where they close
 * a ticket: the guard's own replacement evaluating compliant, or an update that fixed a pool.
 */
public final class DecisionRouter {

    private DecisionRouter() {
    }

    public static void route(Inspection inspection, Verb verb, DecisionSink sink) {
        for (Decision d : inspection.decisions()) {
            if (d.action() == Action.REPLACE) {
                sink.requestReplacement(d);
            } else if (d.action() == Action.TICKET || closesATicket(d, verb)) {
                sink.requestTicket(new TicketRequest.Evaluated(d));
            }
        }
        inspection.guardProblems().forEach(sink::requestTicket);
    }

    private static boolean closesATicket(Decision d, Verb verb) {
        return d.outcome() == Outcome.COMPLIANT
                && (d.replaces() != null || verb == Verb.UPDATE_NODE_POOL || verb == Verb.UPDATE_CLUSTER);
    }
}
