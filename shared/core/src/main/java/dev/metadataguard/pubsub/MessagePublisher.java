package dev.metadataguard.pubsub;

import java.util.List;
import java.util.Map;

/** Publishes one message to a Pub/Sub topic and waits for the server's message id. */
public interface MessagePublisher extends AutoCloseable {

    /** One message of {@link #publishAll}. */
    record Message(byte[] data, Map<String, String> attributes) {
        public Message {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * @param topic       full topic name, {@code projects/P/topics/T}
     * @param orderingKey empty for none
     * @return the message id the server assigned
     * @throws dev.metadataguard.api.ApiFailure classified, when the publish fails
     */
    String publish(String topic, byte[] data, Map<String, String> attributes, String orderingKey);

    /**
     * Publishes {@code messages}, with no ordering key, and returns once the server has each of them. This
     * sends them one by one; {@link PubsubPublisher} sends them all before it waits, so the client batches them.
     *
     * @throws dev.metadataguard.api.ApiFailure the first failure, classified, once every message was tried
     */
    default void publishAll(String topic, List<Message> messages) {
        messages.forEach(m -> publish(topic, m.data(), m.attributes(), ""));
    }

    @Override
    default void close() {
    }
}
