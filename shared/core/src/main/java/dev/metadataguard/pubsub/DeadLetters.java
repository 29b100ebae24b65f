package dev.metadataguard.pubsub;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A function's own dead-letter topic, for what no retry can fix: the event's data as it came, with the
 * reason and the event id as attributes. Data over {@link #MAX_DATA_BYTES}, which would not fit in one Pub/Sub
 * message (10 MB), is cut to its first {@link #CLIPPED_DATA_BYTES}, and the dead letter carries the whole data's
 * size and SHA-256. Without a topic
 * (local runs) there is nowhere to park it.
 *
 * @param topic full topic name, {@code projects/P/topics/T}; empty for none
 */
public record DeadLetters(MessagePublisher publisher, Optional<String> topic) {

    /** Pub/Sub refuses attribute values over 1024 bytes; a reason is cut to fit. */
    private static final int MAX_ATTRIBUTE_BYTES = 1024;
    /** Pub/Sub's 10 MB message limit, less room for the attributes and the request around them. */
    static final int MAX_DATA_BYTES = 9_000_000;
    /**
     * What a dead letter keeps of data over {@link #MAX_DATA_BYTES}: its start, for a person to see what it was
     * (cut, it can no longer be replayed), small enough for any Pub/Sub server, the emulator's 4 MiB gRPC limit too.
     */
    static final int CLIPPED_DATA_BYTES = 1024 * 1024;
    /** What a log line keeps of the data when there is no topic: Cloud Logging takes entries up to 256 KB. */
    private static final int MAX_LOGGED_BYTES = 64 * 1024;

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
        byte[] data = data(event);
        Map<String, String> attributes = new HashMap<>(Map.of("reason", clip(reason), "event", clip(event.getId())));
        byte[] kept = data;
        if (data.length > MAX_DATA_BYTES) {
            kept = Arrays.copyOf(data, CLIPPED_DATA_BYTES);
            attributes.put("clipped", "the first " + CLIPPED_DATA_BYTES + " of " + data.length + " bytes");
            attributes.put("sha256", sha256(data));
        }
        publisher.publish(topic.get(), kept, attributes, "");
        return true;
    }

    static byte[] data(CloudEvent event) {
        return event.getData() == null ? new byte[0] : event.getData().toBytes();
    }

    /** The data for a log line: whole when small, else its start with its size and SHA-256. */
    static String loggable(CloudEvent event) {
        byte[] data = data(event);
        if (data.length <= MAX_LOGGED_BYTES) {
            return new String(data, StandardCharsets.UTF_8);
        }
        return new String(data, 0, MAX_LOGGED_BYTES, StandardCharsets.UTF_8) + "... [" + data.length + " bytes, sha256:"
                + sha256(data) + "]";
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
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
