package dev.metadataguard.pubsub;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.RecordingSink;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketDesks;
import dev.metadataguard.ticket.TicketOpenerService;
import dev.metadataguard.ticket.sink.DirectorySink;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each poison message the issue names, through the functions' own services: one dead letter, acknowledged (the
 * handler returns, so Pub/Sub never delivers it again), and no ticket changed by it. The one over Pub/Sub's size
 * limit goes through the emulator: {@link HugeDeadLetterIT}.
 */
class PoisonMessagesTest {

    @TempDir
    Path tickets;

    /** Every message published, by topic, as a real publisher would send it. */
    private final List<Published> published = new ArrayList<>();
    private final MessagePublisher recording = (topic, data, attributes, key) -> {
        published.add(new Published(topic, data, attributes));
        return "m-" + published.size();
    };

    private record Published(String topic, byte[] data, Map<String, String> attributes) {
    }

    private List<Published> deadLetters() {
        return published.stream().filter(p -> p.topic().equals("dl")).toList();
    }

    static CloudEvent pushed(String id, byte[] message) {
        String data = "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(message) + "\"}}";
        return CloudEventBuilder.v1().withId(id).withType(EventDecoder.MESSAGE_PUBLISHED)
                .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/t"))
                .withData(data.getBytes(StandardCharsets.UTF_8)).build();
    }

    private TicketOpenerService opener() {
        TicketDesk desk = new TicketDesk(new DirectorySink(tickets), new TicketComposer(p -> Optional.empty()), Samples.CLOCK);
        return new TicketOpenerService(TicketDesks.of(desk), Json.mapper(), new DeadLetters(recording, Optional.of("dl")),
                Optional.empty(), Samples.UNCHECKED);
    }

    private List<String> ticketFiles() throws IOException {
        try (Stream<Path> files = Files.list(tickets)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void eachPoisonShapeForTheTicketOpenerIsOneDeadLetterAndChangesNoTicket() throws IOException {
        ObjectNode noSeverity = Json.mapper().valueToTree(Samples.evaluated(Samples.violation(Samples.MG001)));
        ((ObjectNode) noSeverity.path("decision").path("findings").get(0)).remove("severity");
        ObjectNode noEvidence = Json.mapper().valueToTree(Samples.evaluated(Samples.violation(Samples.MG001)));
        ((ObjectNode) noEvidence.path("decision").path("findings").get(0)).remove("evidence");
        Map<String, String> poison = Map.of(
                "present-without-cluster", "{\"kind\":\"present\",\"resources\":[],\"readAt\":\"2026-11-28T12:00:00Z\"}",
                "present-not-a-cluster", "{\"kind\":\"present\",\"cluster\":\"projects/p/locations/l/clusters/c/nodePools/n\","
                        + "\"resources\":[],\"readAt\":\"2026-11-28T12:00:00Z\"}",
                "finding-without-severity", noSeverity.toString(),
                "finding-without-evidence", noEvidence.toString());
        TicketOpenerService opener = opener();

        for (Map.Entry<String, String> message : poison.entrySet()) {
            assertDoesNotThrow(() -> opener.handle(pushed(message.getKey(), message.getValue().getBytes(StandardCharsets.UTF_8))),
                    message.getKey() + " must be acknowledged");
        }

        assertEquals(poison.keySet().stream().sorted().toList(),
                deadLetters().stream().map(d -> d.attributes().get("event")).sorted().toList(), "one dead letter each");
        Map<String, String> reasons = deadLetters().stream()
                .collect(Collectors.toMap(d -> d.attributes().get("event"), d -> d.attributes().get("reason")));
        assertTrue(reasons.get("present-without-cluster").contains("a present request needs its cluster"),
                reasons.toString());
        assertTrue(reasons.get("finding-without-severity").contains("a finding needs its checkId, severity and evidence"),
                reasons.toString());
        assertTrue(reasons.get("finding-without-evidence").contains("a finding needs its checkId, severity and evidence"),
                reasons.toString());
        assertEquals(List.of(), ticketFiles());
    }

    @Test
    void aFailureNobodyClassifiedIsOneDeadLetterWithoutItsStackAndOneGuardFailureTicket() throws IOException {
        TicketDesk broken = new TicketDesk(new DirectorySink(tickets), new TicketComposer(p -> {
            throw new IllegalStateException("a bug in the composer\nits second line");
        }), Samples.CLOCK);
        TicketOpenerService opener = new TicketOpenerService(TicketDesks.of(broken), Json.mapper(),
                new DeadLetters(recording, Optional.of("dl")), Optional.empty(), Samples.UNCHECKED);
        byte[] violation = Json.mapper().writeValueAsBytes(Samples.evaluated(Samples.violation(Samples.MG001)));
        List<String> lines = new ArrayList<>();

        try (StructuredLog.Redirect captured = StructuredLog.redirect(lines::add)) {
            assertDoesNotThrow(() -> opener.handle(pushed("bug-1", violation)));
            assertDoesNotThrow(() -> opener.handle(pushed("bug-2", violation)));
        }

        assertEquals(List.of("bug-1", "bug-2"), deadLetters().stream().map(d -> d.attributes().get("event")).toList());
        String reason = deadLetters().get(0).attributes().get("reason");
        assertEquals("java.lang.IllegalStateException: a bug in the composer\\u000Aits second line", reason,
                "the class and the message, its line break shown as its code; no stack frame");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"decision\":\"failed\"")
                && l.contains("thrown at dev.metadataguard.pubsub.PoisonMessagesTest.lambda$")),
                "the log line says where it was thrown: " + lines);
        List<String> files = ticketFiles();
        assertEquals(2, files.size(), "one guard-failure ticket (its .md and .json) for both messages: " + files);
        String ticket = Files.readString(tickets.resolve(files.stream().filter(f -> f.endsWith(".json")).findFirst()
                .orElseThrow()));
        assertTrue(ticket.contains("the guard's ticket-opener failed on a message (java.lang.IllegalStateException)"), ticket);
        assertFalse(ticket.contains("PoisonMessagesTest.java"), "no stack frame in the ticket either");
    }

    @Test
    void anArrayOfUnreadableEntriesIsOneDeadLetterForTheWholeMessage() {
        EmbeddedGke gke = EmbeddedGke.inProcess();
        try (ContainerGke client = ContainerGke.connect(gke.channel())) {
            RecordingSink sink = new RecordingSink();
            AuditInspectorService inspector = new AuditInspectorService(new EventDecoder(Json.mapper()),
                    Wiring.inspector(client, (project, sa) -> Optional.empty(), Policy.defaults()), sink, new DeadLetters(recording, Optional.of("dl")),
                    Optional.empty());
            String entries = Stream.generate(() -> "\"not an entry\"").limit(40)
                    .collect(Collectors.joining(",", "[", "]"));

            List<String> lines = new ArrayList<>();
            try (StructuredLog.Redirect captured = StructuredLog.redirect(lines::add)) {
                assertDoesNotThrow(() -> inspector.handle(pushed("array-1", entries.getBytes(StandardCharsets.UTF_8))));
            }

            assertEquals(1, deadLetters().size(), "one dead letter, not one per entry");
            assertTrue(deadLetters().get(0).attributes().get("reason").startsWith("40 problems: "),
                    deadLetters().get(0).attributes().toString());
            assertEquals(Delivery.LOGGED_PROBLEMS + 1, lines.stream().filter(l -> l.contains("\"event\":\"array-1\""))
                    .count(), "a line per problem up to a bound, then one for the rest: " + lines);
            assertEquals(List.of(), sink.tickets);
        } finally {
            gke.close();
        }
    }

    @Test
    void theSweepersOwnFailureIsOneDeadLetterAndOneGuardFailureRequestAndIsAcknowledged() throws IOException {
        dev.metadataguard.sweep.ClusterDiscovery broken = new dev.metadataguard.sweep.ClusterDiscovery() {
            @Override
            public void discover(java.util.function.Consumer<List<dev.metadataguard.event.ResourceRef>> page) {
                throw new NullPointerException("a page without clusters");
            }

            @Override
            public String source() {
                return "broken";
            }
        };
        dev.metadataguard.sweep.EstateSweeperService sweeper = new dev.metadataguard.sweep.EstateSweeperService(broken,
                Optional.empty(), Policy.defaults(), recording, Json.mapper(), "inspections", Optional.empty(),
                Optional.of("tickets"), java.time.Clock.systemUTC(), Optional.of("dl"));

        assertDoesNotThrow(() -> sweeper.handle(pushed("sweep-1", "{}".getBytes(StandardCharsets.UTF_8))));

        assertEquals(List.of("sweep-1"), deadLetters().stream().map(d -> d.attributes().get("event")).toList());
        List<Published> failures = published.stream().filter(p -> p.topic().equals("tickets")).toList();
        assertEquals(1, failures.size());
        TicketRequest.GuardFailure failure = (TicketRequest.GuardFailure) Json.mapper().readValue(failures.get(0).data(),
                TicketRequest.class);
        assertEquals(new TicketRequest.GuardFailure("estate-sweeper", "sweeps/sweep-1",
                "java.lang.NullPointerException: a page without clusters"), failure);
    }
}
