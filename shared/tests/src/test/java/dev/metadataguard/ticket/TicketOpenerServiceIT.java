package dev.metadataguard.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.ticket.sink.DirectorySink;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketOpenerServiceIT {

    @TempDir
    Path tickets;

    private static CloudEvent pushed(String id, byte[] message) {
        String data = "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(message) + "\"}}";
        return CloudEventBuilder.v1().withId(id).withType("google.cloud.pubsub.topic.v1.messagePublished")
                .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/ticket-requests"))
                .withData(data.getBytes(StandardCharsets.UTF_8)).build();
    }

    private TicketOpenerService service(TicketSink sink, PubsubPublisher publisher, String deadLetters) {
        TicketDesk desk = new TicketDesk(sink, new TicketComposer(p -> Optional.empty()), Samples.CLOCK);
        return new TicketOpenerService(TicketDesks.of(desk), Json.mapper(), new DeadLetters(publisher, Optional.of(deadLetters)),
                Optional.empty(), Samples.UNCHECKED);
    }

    @Test
    void aRedeliveredRequestKeepsOneTicket() throws IOException {
        PubsubEmulator emulator = PubsubEmulator.get();
        byte[] request = Json.mapper().writeValueAsBytes(Samples.evaluated(Samples.violation(Samples.MG001)));
        try (PubsubPublisher publisher = emulator.publisher()) {
            TicketOpenerService service = service(new DirectorySink(tickets), publisher, emulator.createTopic("dl"));
            for (int i = 0; i < 5; i++) {
                service.handle(pushed("e-" + i, request));
            }
        }
        try (Stream<Path> files = Files.list(tickets)) {
            assertEquals(2, files.count(), "one .md and one .json");
        }
    }

    @Test
    void anUnreadableRequestGoesToTheDeadLetterTopic() {
        PubsubEmulator emulator = PubsubEmulator.get();
        String deadLetters = emulator.createTopic("dl");
        String subscription = emulator.createSubscription(deadLetters, false);
        try (PubsubPublisher publisher = emulator.publisher()) {
            service(new DirectorySink(tickets), publisher, deadLetters)
                    .handle(pushed("bad-1", "{\"kind\":\"nonsense\"}".getBytes(StandardCharsets.UTF_8)));
        }
        List<ReceivedMessage> parked = emulator.pull(subscription, 1, Duration.ofSeconds(20));
        assertEquals(1, parked.size());
        assertEquals("bad-1", parked.get(0).getMessage().getAttributesOrThrow("event"));
        assertTrue(parked.get(0).getMessage().getAttributesOrThrow("reason").startsWith(
                "CloudEvent bad-1: message.data is not a TicketRequest"));
    }

    @Test
    void aRequestWithANullDecisionOutcomeOrFieldIsParkedOnceInsteadOfFailingEveryAttempt() throws IOException {
        List<String> parked = new java.util.ArrayList<>();
        dev.metadataguard.pubsub.MessagePublisher recording = (topic, data, attributes, key) -> {
            parked.add(attributes.get("event") + " " + topic);
            return "m";
        };
        TicketDesk desk = new TicketDesk(new DirectorySink(tickets), new TicketComposer(p -> Optional.empty()), Samples.CLOCK);
        TicketOpenerService service = new TicketOpenerService(TicketDesks.of(desk), Json.mapper(),
                new DeadLetters(recording, Optional.of("dl")), Optional.empty(), Samples.UNCHECKED);
        String decision = Json.mapper().writeValueAsString(Samples.violation(Samples.MG001));
        List<String> poison = List.of(
                "{\"kind\":\"remediated\",\"decision\":" + decision + ",\"outcome\":null}",
                "{\"kind\":\"remediated\",\"decision\":" + decision + ",\"outcome\":{\"replacement\":\"x\"}}",
                "{\"kind\":\"evaluated\"}",
                "{\"kind\":\"evaluated\",\"decision\":{\"resource\":\"projects/p/locations/l/clusters/c\"}}",
                "{\"kind\":\"guard-problem\",\"message\":\"denied\"}");

        for (int i = 0; i < poison.size(); i++) {
            service.handle(pushed("poison-" + i, poison.get(i).getBytes(StandardCharsets.UTF_8)));
        }

        assertEquals(List.of("poison-0 dl", "poison-1 dl", "poison-2 dl", "poison-3 dl", "poison-4 dl"), parked);
        try (Stream<Path> files = Files.list(tickets)) {
            assertEquals(0, files.count(), "no ticket from a message that is not whole");
        }
    }

    @Test
    void aPermanentSinkFailureIsParkedAndATransientOneIsThrown() throws IOException {
        PubsubEmulator emulator = PubsubEmulator.get();
        String deadLetters = emulator.createTopic("dl");
        String subscription = emulator.createSubscription(deadLetters, false);
        byte[] request = Json.mapper().writeValueAsBytes(Samples.evaluated(Samples.violation(Samples.MG002)));
        try (PubsubPublisher publisher = emulator.publisher()) {
            service(new RefusingSink(FailureKind.PERMISSION_DENIED), publisher, deadLetters).handle(pushed("p-1", request));
            ApiFailure thrown = assertThrows(ApiFailure.class, () ->
                    service(new RefusingSink(FailureKind.TRANSIENT), publisher, deadLetters).handle(pushed("t-1", request)));
            assertEquals(FailureKind.TRANSIENT, thrown.kind());
        }
        List<ReceivedMessage> parked = emulator.pull(subscription, 2, Duration.ofSeconds(10));
        assertEquals(List.of("p-1"), parked.stream().map(m -> m.getMessage().getAttributesOrThrow("event")).toList());
    }

    /** A tracker that refuses every lookup, as one with revoked credentials or an outage does. */
    private record RefusingSink(FailureKind kind) implements TicketSink {
        @Override
        public String name() {
            return "refusing";
        }

        @Override
        public boolean remembers() {
            return true;
        }

        @Override
        public List<TicketRecord> find(String key) {
            throw new ApiFailure(kind, "tracker.search", "refused");
        }

        @Override
        public TicketRecord create(Ticket ticket) {
            throw new ApiFailure(kind, "tracker.create", "refused");
        }

        @Override
        public void addOutcome(TicketRecord existing, Ticket after, dev.metadataguard.decision.RemediationOutcome o) {
            throw new ApiFailure(kind, "tracker.comment", "refused");
        }

        @Override
        public void resolve(TicketRecord existing, Ticket after, Ticket.Resolution resolution) {
            throw new ApiFailure(kind, "tracker.resolve", "refused");
        }

        @Override
        public void reopen(TicketRecord existing, Ticket after, java.time.Instant seenAgain) {
            throw new ApiFailure(kind, "tracker.reopen", "refused");
        }
    }
}
