package dev.metadataguard.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads one of the guard's own JSON messages (a decision, a ticket request) out of the
 * {@code messagePublished} CloudEvent Eventarc delivers, with a readable reason when it cannot.
 */
public final class PushedMessage {

    private PushedMessage() {
    }

    public static <T> T read(CloudEvent event, ObjectMapper json, Class<T> type) {
        if (event.getData() == null) {
            throw new Unreadable("CloudEvent " + event.getId() + " has no data; expected a Pub/Sub messagePublished event");
        }
        try {
            JsonNode data = json.readTree(event.getData().toBytes()).path("message").path("data");
            if (!data.isTextual()) {
                throw new Unreadable("CloudEvent " + event.getId() + ": message.data missing or not a string");
            }
            return json.readValue(Base64.getDecoder().decode(data.textValue().strip()), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new Unreadable("CloudEvent " + event.getId() + ": message.data is not a " + type.getSimpleName()
                    + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** A message that no retry can fix: log it and acknowledge. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
