package dev.metadataguard.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PubsubPublisherIT {

    private final PubsubEmulator emulator = PubsubEmulator.get();
    private final PubsubPublisher publisher = emulator.publisher();

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void deliversDataAttributesAndOrderingKey() {
        String topic = emulator.createTopic("publish");
        String subscription = emulator.createSubscription(topic, true);

        String id = publisher.publish(topic, "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                Map.of("fingerprint", "mg-0123456789abcdef"), "mg-0123456789abcdef");

        List<ReceivedMessage> received = emulator.pull(subscription, 1, Duration.ofSeconds(20));
        assertEquals(1, received.size());
        var message = received.get(0).getMessage();
        assertEquals(id, message.getMessageId());
        assertEquals("{\"a\":1}", message.getData().toStringUtf8());
        assertEquals(Map.of("fingerprint", "mg-0123456789abcdef"), message.getAttributesMap());
        assertEquals("mg-0123456789abcdef", message.getOrderingKey());
    }

    @Test
    void messagesOfOneOrderingKeyArriveInPublishOrder() {
        String topic = emulator.createTopic("ordered");
        String subscription = emulator.createSubscription(topic, true);

        IntStream.range(0, 20).forEach(i ->
                publisher.publish(topic, ("m" + i).getBytes(StandardCharsets.UTF_8), Map.of(), "key"));

        List<String> bodies = emulator.pull(subscription, 20, Duration.ofSeconds(30)).stream()
                .map(m -> m.getMessage().getData().toStringUtf8())
                .toList();
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "m" + i).toList(), bodies);
    }

    @Test
    void aMessageWithoutOrderingKeyIsPublishedToo() {
        String topic = emulator.createTopic("unordered");
        String subscription = emulator.createSubscription(topic, false);

        publisher.publish(topic, new byte[] {1, 2}, Map.of(), "");

        List<ReceivedMessage> received = emulator.pull(subscription, 1, Duration.ofSeconds(20));
        assertEquals(1, received.size());
        assertEquals("", received.get(0).getMessage().getOrderingKey());
    }

    @Test
    void publishAllDeliversEveryMessageOnce() {
        String topic = emulator.createTopic("all");
        String subscription = emulator.createSubscription(topic, false);
        List<MessagePublisher.Message> messages = IntStream.range(0, 300).mapToObj(i -> new MessagePublisher.Message(
                ("m" + i).getBytes(StandardCharsets.UTF_8), Map.of("n", Integer.toString(i)))).toList();

        publisher.publishAll(topic, messages);

        List<ReceivedMessage> received = emulator.pull(subscription, 300, Duration.ofSeconds(20));
        assertEquals(IntStream.range(0, 300).mapToObj(i -> "m" + i + " " + i).sorted().toList(), received.stream()
                .map(m -> m.getMessage().getData().toStringUtf8() + " " + m.getMessage().getAttributesOrThrow("n"))
                .sorted().toList());
        assertEquals(List.of(), emulator.pull(subscription, 1, Duration.ofSeconds(2)), "nothing twice");
    }

    @Test
    void publishAllToAMissingTopicFailsPermanently() {
        String topic = "projects/" + PubsubEmulator.PROJECT + "/topics/never-created-either";

        ApiFailure failure = assertThrows(ApiFailure.class, () -> publisher.publishAll(topic,
                List.of(new MessagePublisher.Message(new byte[] {1}, Map.of()), new MessagePublisher.Message(new byte[] {2}, Map.of()))));

        assertEquals(FailureKind.PERMANENT, failure.kind());
    }

    @Test
    void aMissingTopicIsPermanentAndNamesTheTopic() {
        String topic = "projects/" + PubsubEmulator.PROJECT + "/topics/never-created";

        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> publisher.publish(topic, new byte[] {1}, Map.of(), "k"));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("pubsub.projects.topics.publish: NOT_FOUND publishing to " + topic
                + ": the topic does not exist: create it or correct the topic name in the settings",
                failure.getMessage());
    }

    @Test
    void theOrderingKeyIsUsableAgainAfterAFailure() {
        String missing = "projects/" + PubsubEmulator.PROJECT + "/topics/absent-then-created";
        assertThrows(ApiFailure.class, () -> publisher.publish(missing, new byte[] {1}, Map.of(), "k"));

        String topic = emulator.createTopic("after-failure");
        String subscription = emulator.createSubscription(topic, true);
        publisher.publish(topic, new byte[] {2}, Map.of(), "k");
        assertEquals(1, emulator.pull(subscription, 1, Duration.ofSeconds(20)).size());
    }

    @Test
    void anUnreachableServerIsTransientEvenThoughOrderedPublishingRetriesWithoutEnd() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (PubsubPublisher unreachable = new PubsubPublisher(Optional.of("127.0.0.1:" + closedPort),
                Duration.ofSeconds(10))) {
            ApiFailure failure = assertThrows(ApiFailure.class, () -> unreachable.publish(
                    "projects/p/topics/t", new byte[] {1}, Map.of(), "k"));
            assertEquals(FailureKind.TRANSIENT, failure.kind());
            assertEquals("pubsub.projects.topics.publish: no answer from Pub/Sub within 10 s publishing to"
                    + " projects/p/topics/t", failure.getMessage());
        }
    }

    @Test
    void aMalformedTopicNameIsPermanent() {
        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> publisher.publish("ticket-requests", new byte[] {1}, Map.of(), ""));
        assertEquals(FailureKind.PERMANENT, failure.kind());
    }
}
