package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.event.EventDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Pub/Sub message the Log Router publishes for one entry: the bare LogEntry JSON as data, whatever
 * envelope the file wraps it in (a CloudEvent, a Pub/Sub push body, a background-function body), and
 * the entry's timestamp as the {@code logging.googleapis.com/timestamp} attribute. It is what
 * {@code --url} and {@code --topic} send. Input holding no LogEntry (not JSON, bad base64, an unknown
 * envelope) is sent as it was read, so the function answers for it as it would in the cloud.
 *
 * @param method   the entry's {@code protoPayload.methodName}, empty when there is none
 * @param resource the entry's {@code protoPayload.resourceName}, empty when there is none
 */
public record RoutedMessage(byte[] data, Map<String, String> attributes, String method, String resource) {

    static final String TIMESTAMP_ATTRIBUTE = "logging.googleapis.com/timestamp";

    public RoutedMessage {
        attributes = Map.copyOf(attributes);
    }

    static RoutedMessage of(Entries.Entry entry, ObjectMapper mapper) {
        Optional<JsonNode> logEntry = entry.json().flatMap(json -> logEntryIn(json, mapper));
        if (logEntry.isEmpty()) {
            // An element of an array has no bytes of its own: send its JSON.
            byte[] asRead = entry.raw().length > 0 || entry.json().isEmpty() ? entry.raw()
                    : entry.json().get().toString().getBytes(StandardCharsets.UTF_8);
            return new RoutedMessage(asRead, Map.of(), "", "");
        }
        JsonNode e = logEntry.get();
        String timestamp = e.path("timestamp").asText("");
        return new RoutedMessage(e.toString().getBytes(StandardCharsets.UTF_8),
                timestamp.isEmpty() ? Map.of() : Map.of(TIMESTAMP_ATTRIBUTE, timestamp),
                e.path("protoPayload").path("methodName").asText(""),
                e.path("protoPayload").path("resourceName").asText(""));
    }

    /** The LogEntry an event carries, in any envelope; envelopes are told apart in the order the decoder uses. */
    public static Optional<JsonNode> logEntryIn(JsonNode node, ObjectMapper mapper) {
        if (node.has("protoPayload") || node.has("logName")) {
            return Optional.of(node);
        }
        if (node.has("specversion") && node.has("type")) {
            String type = node.path("type").asText();
            if (EventDecoder.AUDIT_LOG_WRITTEN.equals(type)) {
                return logEntryIn(node.path("data"), mapper);
            }
            return EventDecoder.MESSAGE_PUBLISHED.equals(type)
                    ? decoded(node.path("data").path("message").path("data"), mapper)
                    : Optional.empty();
        }
        if (node.path("message").isObject()) {
            return decoded(node.path("message").path("data"), mapper);
        }
        if (node.has("data") && (node.has("context") || node.has("eventId"))) {
            return decoded(node.path("data").path("data"), mapper);
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> decoded(JsonNode base64, ObjectMapper mapper) {
        if (!base64.isTextual()) {
            return Optional.empty();
        }
        try {
            return logEntryIn(mapper.readTree(Base64.getDecoder().decode(base64.textValue().strip())), mapper);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
