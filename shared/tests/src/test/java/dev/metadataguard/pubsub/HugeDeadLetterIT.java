package dev.metadataguard.pubsub;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.config.Json;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketDesks;
import dev.metadataguard.ticket.TicketOpenerService;
import dev.metadataguard.ticket.sink.DirectorySink;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A poison message over Pub/Sub's 10 MB limit, dead-lettered through the emulator as a real topic takes it. */
class HugeDeadLetterIT {

    @TempDir
    Path tickets;

    @Test
    void anUnreadableMessageOverTenMegabytesIsDeadLetteredClippedWithItsSha256() {
        PubsubEmulator emulator = PubsubEmulator.get();
        String topic = emulator.createTopic("dl");
        String subscription = emulator.createSubscription(topic, false);
        // 8 MB of message, over 10 MB as the CloudEvent Eventarc delivers (the data in base64, in its envelope).
        byte[] message = ("{\"kind\":\"evaluated\",\"junk\":\"" + "x".repeat(8_000_000) + "\"")
                .getBytes(StandardCharsets.UTF_8);
        CloudEvent event = PoisonMessagesTest.pushed("huge-1", message);
        byte[] data = event.getData().toBytes();
        assertTrue(data.length > 10_000_000, "the delivered data is " + data.length + " bytes");
        try (PubsubPublisher publisher = emulator.publisher()) {
            TicketDesk desk = new TicketDesk(new DirectorySink(tickets), new TicketComposer(p -> Optional.empty()),
                    Samples.CLOCK);
            TicketOpenerService opener = new TicketOpenerService(TicketDesks.of(desk), Json.mapper(),
                    new DeadLetters(publisher, Optional.of(topic)), Optional.empty(), Samples.UNCHECKED);

            assertDoesNotThrow(() -> opener.handle(event));
        }

        List<ReceivedMessage> parked = emulator.pull(subscription, 1, Duration.ofSeconds(30));
        assertEquals(1, parked.size());
        assertEquals(List.of(), emulator.pull(subscription, 1, Duration.ofSeconds(2)), "one dead letter only");
        Map<String, String> attributes = parked.get(0).getMessage().getAttributesMap();
        assertEquals("huge-1", attributes.get("event"));
        assertEquals(DeadLetters.sha256(data), attributes.get("sha256"));
        assertEquals("the first " + DeadLetters.CLIPPED_DATA_BYTES + " of " + data.length + " bytes", attributes.get("clipped"));
        assertEquals(DeadLetters.CLIPPED_DATA_BYTES, parked.get(0).getMessage().getData().size());
        assertTrue(attributes.get("reason").startsWith("CloudEvent huge-1: message.data is not a TicketRequest"),
                attributes.get("reason"));
    }
}
