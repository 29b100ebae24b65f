package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.inspect.DecisionSink;

/** The in-process hand-off from the inspector to the ticket opener and the replacer. */
final class LocalSinks {

    private LocalSinks() {
    }

    static LocalGuard.DecisionSinkFactory forOptions(ReplayOptions options, Policy policy, ObjectMapper mapper) {
        return (gke, outcomes) -> new DecisionSink() {
            @Override
            public void requestTicket(TicketRequest request) {
                outcomes.note(request.resource(), "ticket requested");
            }

            @Override
            public void requestReplacement(Decision decision) {
                outcomes.note(decision.resource(), "replacement requested");
            }
        };
    }
}
