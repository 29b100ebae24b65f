package dev.metadataguard.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.pubsub.MessagePublisher;
import java.util.Map;

/** Publishes decisions as JSON to the {@code ticket-requests} and {@code replacement-requests} topics. */
public final class PubsubDecisionSink implements DecisionSink {

    private final MessagePublisher publisher;
    private final ObjectMapper json;
    private final String ticketTopic;
    private final String replacementTopic;

    public PubsubDecisionSink(MessagePublisher publisher, ObjectMapper json, String ticketTopic, String replacementTopic) {
        this.publisher = publisher;
        this.json = json;
        this.ticketTopic = ticketTopic;
        this.replacementTopic = replacementTopic;
    }

    @Override
    public void requestTicket(TicketRequest request) {
        String fingerprint = request instanceof TicketRequest.Evaluated e ? e.decision().fingerprint() : "";
        publisher.publish(ticketTopic, bytes(request), Map.of("resource", request.resource(),
                "fingerprint", fingerprint), "");
    }

    @Override
    public void requestReplacement(Decision decision) {
        publisher.publish(replacementTopic, bytes(decision), Map.of("resource", decision.resource(),
                "fingerprint", decision.fingerprint()), "");
    }

    private byte[] bytes(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decisions are plain records and always serialise", e);
        }
    }
}
