package dev.metadataguard.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.event.InspectionRequest;
import dev.metadataguard.event.InspectionRequestReader;
import dev.metadataguard.pubsub.MessagePublisher;
import java.util.List;
import java.util.Map;

/**
 * A topic the functions pass their requests on ({@code ticket-requests}, {@code replacement-requests}):
 * each message is the request as JSON with the same two attributes whoever publishes it, {@code resource}
 * and {@code fingerprint} (of the decision behind it; empty for a guard problem, which has none). On the
 * inspector's own topic it carries inspection requests, with the attributes {@code cluster} and {@code sweep}.
 */
public final class RequestTopic {

    private final MessagePublisher publisher;
    private final ObjectMapper json;
    private final String topic;

    /** @param topic full name, {@code projects/P/topics/T} */
    public RequestTopic(MessagePublisher publisher, ObjectMapper json, String topic) {
        this.publisher = publisher;
        this.json = json;
        this.topic = topic;
    }

    public void publish(TicketRequest request) {
        String fingerprint = "";
        if (request instanceof TicketRequest.Evaluated e) {
            fingerprint = e.decision().fingerprint();
        } else if (request instanceof TicketRequest.Remediated r) {
            fingerprint = r.decision().fingerprint();
        }
        send(request, request.resource(), fingerprint);
    }

    public void publish(Decision decision) {
        send(decision, decision.resource(), decision.fingerprint());
    }

    /**
     * Inspection requests, as the inspector's decoder reads them ({@link InspectionRequestReader}), sent
     * together ({@link MessagePublisher#publishAll}).
     */
    public void publishInspections(List<InspectionRequest> requests) {
        publisher.publishAll(topic, requests.stream().map(request -> new MessagePublisher.Message(bytes(json.createObjectNode()
                .put("kind", InspectionRequestReader.KIND).put("cluster", request.cluster()).put("sweep", request.sweep())
                .put("requestedAt", request.requestedAt().toString()).put("mayReplace", request.mayReplace())),
                Map.of("cluster", request.cluster(), "sweep", request.sweep()))).toList());
    }

    private void send(Object message, String resource, String fingerprint) {
        publisher.publish(topic, bytes(message), Map.of("resource", resource, "fingerprint", fingerprint), "");
    }

    private byte[] bytes(Object message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("requests are plain records and always serialise", e);
        }
    }
}
