package dev.metadataguard.bench;

import dev.metadataguard.event.EventDecoder;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Wraps a raw LogEntry the way the Log Router -> Pub/Sub -> Eventarc path delivers it. */
final class Envelopes {

    static final URI SOURCE = URI.create("//pubsub.googleapis.com/projects/guard-host/topics/gke-audit-events");

    private Envelopes() {
    }

    /** The {@code data} of a {@code messagePublished} CloudEvent carrying {@code payload}. */
    static byte[] messagePublishedData(byte[] payload) {
        return ("{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(payload)
                + "\"},\"subscription\":\"projects/guard-host/subscriptions/eventarc\"}").getBytes(StandardCharsets.UTF_8);
    }

    static CloudEvent messagePublished(String id, byte[] payload) {
        return CloudEventBuilder.v1().withId(id).withType(EventDecoder.MESSAGE_PUBLISHED).withSource(SOURCE)
                .withDataContentType("application/json").withData(messagePublishedData(payload)).build();
    }
}
