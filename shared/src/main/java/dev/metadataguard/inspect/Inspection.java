package dev.metadataguard.inspect;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import java.util.List;

/**
 * What the inspector made of one audit event: one decision per evaluated node pool (or
 * auto-provisioning defaults), and the problems with the guard's own permissions it met on the way.
 */
public record Inspection(List<Decision> decisions, List<TicketRequest.GuardProblem> guardProblems) {

    public Inspection {
        decisions = List.copyOf(decisions);
        guardProblems = List.copyOf(guardProblems);
    }
}
