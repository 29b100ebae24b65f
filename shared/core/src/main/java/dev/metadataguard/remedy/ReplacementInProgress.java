package dev.metadataguard.remedy;

import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.pubsub.InProgress;
import java.util.List;

/**
 * A step GKE had not finished when the delivery's time was up (the replacement still being created, the original
 * still being deleted): the delivery ends without acknowledging the message, and the redelivery continues from what
 * GKE shows then. It carries the outcomes this delivery reached before that step, which the caller publishes first:
 * a later delivery can tell from GKE that they happened (the original is being deleted, say) and does not repeat them.
 */
public final class ReplacementInProgress extends InProgress {

    private final transient List<TicketRequest> reached;

    ReplacementInProgress(String underWay, List<TicketRequest> reached) {
        super(underWay);
        this.reached = List.copyOf(reached);
    }

    /** The outcomes reached before the step still under way, to publish before the redelivery. */
    public List<TicketRequest> reached() {
        return reached;
    }
}
