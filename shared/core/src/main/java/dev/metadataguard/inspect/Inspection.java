package dev.metadataguard.inspect;

import dev.metadataguard.config.Exemption;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the inspector made of one audit event or inspection request: one decision per evaluated node
 * pool (or auto-provisioning defaults), the problems with the guard's own permissions it met on the
 * way, for an inspection request what the cluster holds now (so tickets of deleted pools close), and the
 * replacements it held back though the rules said replace ({@link ReplacementHold}), each for its ticket.
 *
 * @param exemptions the policy exemption that matched each decision's resource, lapsed or not, for reports
 */
public record Inspection(List<Decision> decisions, List<TicketRequest.GuardProblem> guardProblems,
                         Optional<TicketRequest.Present> present, Map<String, Exemption> exemptions,
                         List<TicketRequest.Remediated> held) {

    public Inspection {
        decisions = List.copyOf(decisions);
        guardProblems = List.copyOf(guardProblems);
        exemptions = Map.copyOf(exemptions);
        held = List.copyOf(held);
    }

    public Inspection(List<Decision> decisions, List<TicketRequest.GuardProblem> guardProblems) {
        this(decisions, guardProblems, Optional.empty(), Map.of(), List.of());
    }

    Inspection withPresent(TicketRequest.Present present) {
        return new Inspection(decisions, guardProblems, Optional.of(present), exemptions, held);
    }
}
