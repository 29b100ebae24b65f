package dev.metadataguard.pubsub;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A function's own dead-letter topic, for what no retry can fix: the event's data as it came, with the
 * reason and the event id as attributes. Without a topic (local runs) there is nowhere to park it.
 *
 * @param topic full topic name, {@code projects/P/topics/T}; empty for none
 */
public record DeadLetters(MessagePublisher publisher, Optional<String> topic) {

    /** Pub/Sub refuses attribute values over 1024 bytes; a reason is cut to fit. */
    private static final int MAX_ATTRIBUTE_BYTES = 1024;

    public static DeadLetters none() {
        return new DeadLetters((topic, data, attributes, key) -> {
            throw new IllegalStateException("no dead-letter topic to publish to");
        }, Optional.empty());
    }

    /** Publishes the event; false when there is no topic. */
    boolean park(CloudEvent event, String reason) {
        if (topic.isEmpty()) {
            return false;
        }
        publisher.publish(topic.get(), data(event), Map.of("reason", clip(reason), "event", clip(event.getId())), "");
        return true;
    }

    static byte[] data(CloudEvent event) {
        return event.getData() == null ? new byte[0] : event.getData().toBytes();
    }

    private static String clip(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_ATTRIBUTE_BYTES) {
            return value;
        }
        int end = MAX_ATTRIBUTE_BYTES - 3;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // never cut a character in two
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
    }
}
