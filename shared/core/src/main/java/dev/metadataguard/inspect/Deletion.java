package dev.metadataguard.inspect;

import dev.metadataguard.decision.TicketRequest;
import java.util.List;
import java.util.Optional;

/**
 * What the inspector made of a Delete entry once it re-read the resource: gone (its tickets resolve with
 * {@code RESOURCE_DELETED}), or still there, or unreadable, in which case nothing is resolved and
 * {@code reason} says why.
 *
 * @param resolved the ticket request that resolves the resource's tickets, when GKE answered NOT_FOUND
 * @param problems the guard's own permission problems met on the way
 */
public record Deletion(Optional<TicketRequest.Remediated> resolved, String reason,
                       List<TicketRequest.GuardProblem> problems) {

    public Deletion {
        problems = List.copyOf(problems);
    }
}
