package dev.metadataguard.inspect;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;

/** Where the inspector's decisions go: Pub/Sub topics in the cloud, the in-process functions in the replay. */
public interface DecisionSink {

    void requestTicket(TicketRequest request);

    void requestReplacement(Decision decision);
}
