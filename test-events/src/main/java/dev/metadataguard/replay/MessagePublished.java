package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.event.EventDecoder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * What Eventarc sends a function for one Pub/Sub message: a binary-mode CloudEvent of type
 * {@code messagePublished}, the ce-* headers naming the topic and message, and the
 * MessagePublishedData JSON as body. The replay's {@code --url} sends it, and so does the end-to-end
 * suite's push bridge, so both speak to a function exactly as the deployment does.
 *
 * @param topic        full name, {@code projects/P/topics/T}
 * @param subscription full name, {@code projects/P/subscriptions/S}
 */
public record MessagePublished(String topic, String subscription, String messageId, Instant publishTime,
                               Map<String, String> attributes, byte[] data) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public MessagePublished {
        attributes = Map.copyOf(attributes);
    }

    /** The POST to {@code function}, without authorisation (a deployed function wants a bearer token). */
    public HttpRequest.Builder request(URI function) {
        return HttpRequest.newBuilder(function)
                .header("ce-specversion", "1.0")
                .header("ce-type", EventDecoder.MESSAGE_PUBLISHED)
                .header("ce-source", "//pubsub.googleapis.com/" + topic)
                .header("ce-id", messageId)
                .header("ce-time", publishTime.toString())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body()));
    }

    /** {@code {"message": {"data", "attributes", "messageId", "publishTime"}, "subscription"}}. */
    public String body() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode message = body.putObject("message");
        message.put("data", Base64.getEncoder().encodeToString(data));
        attributes.forEach(message.putObject("attributes")::put);
        message.put("messageId", messageId).put("publishTime", publishTime.toString());
        body.put("subscription", subscription);
        return body.toString();
    }
}
