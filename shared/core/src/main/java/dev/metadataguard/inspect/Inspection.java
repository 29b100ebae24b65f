package dev.metadataguard.inspect;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import java.util.List;
import java.util.Optional;

/**
 * What the inspector made of one audit event or inspection request: one decision per evaluated node
 * pool (or auto-provisioning defaults), the problems with the guard's own permissions it met on the
 * way, and, for an inspection request, what the cluster holds now (so tickets of deleted pools close).
 */
public record Inspection(List<Decision> decisions, List<TicketRequest.GuardProblem> guardProblems,
                         Optional<TicketRequest.Present> present) {

    public Inspection {
        decisions = List.copyOf(decisions);
        guardProblems = List.copyOf(guardProblems);
    }

    public Inspection(List<Decision> decisions, List<TicketRequest.GuardProblem> guardProblems) {
        this(decisions, guardProblems, Optional.empty());
    }

    Inspection withPresent(TicketRequest.Present present) {
        return new Inspection(decisions, guardProblems, Optional.of(present));
    }
}
