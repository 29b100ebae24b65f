package dev.metadataguard.pubsub;

import dev.metadataguard.log.StructuredLog;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Where a function sends a message it can never use (unreadable, incomplete, refused for good): the
 * message's own bytes to the function's dead-letter topic, with the reason as an attribute, so it is
 * kept for a person and never retried. Without a topic, the log line is the only copy.
 */
public final class DeadLetters {

    private final MessagePublisher publisher;
    private final Optional<String> topic;
    private final StructuredLog log;

    public DeadLetters(MessagePublisher publisher, Optional<String> topic, StructuredLog log) {
        this.publisher = publisher;
        this.topic = topic;
        this.log = log;
    }

    /** @throws dev.metadataguard.api.ApiFailure when the dead-letter topic cannot take it */
    public void send(CloudEvent event, String reason) {
        byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
        if (topic.isEmpty()) {
            log.error("no dead-letter topic configured; the message is only in this log line", "event", event.getId(),
                    "data", new String(data, StandardCharsets.UTF_8));
            return;
        }
        publisher.publish(topic.get(), data, Map.of("reason", reason, "event", event.getId()), "");
    }
}
