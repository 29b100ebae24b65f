package dev.metadataguard.pubsub;

import java.util.Map;

/** Publishes one message to a Pub/Sub topic and waits for the server's message id. */
public interface MessagePublisher extends AutoCloseable {

    /**
     * @param topic       full topic name, {@code projects/P/topics/T}
     * @param orderingKey empty for none
     * @return the message id the server assigned
     * @throws dev.metadataguard.api.ApiFailure classified, when the publish fails
     */
    String publish(String topic, byte[] data, Map<String, String> attributes, String orderingKey);

    @Override
    default void close() {
    }
}
