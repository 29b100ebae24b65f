package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.REPLACEMENT;
import static dev.metadataguard.remedy.ReplacerBed.enforce;
import static dev.metadataguard.remedy.ReplacerBed.richDecision;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.MessagePublisher;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.grpc.Status;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The function's engine: a replacement-requests message in, ticket requests out, one log line each. */
class NodePoolReplacerServiceTest {

    private static final String TOPIC = "projects/guard-host/topics/ticket-requests";
    private static final String DEAD_LETTERS = "projects/guard-host/topics/replacement-requests-dead-letter";
    private static final ObjectMapper JSON = Json.mapper();

    private record Published(String topic, byte[] data, Map<String, String> attributes) {
    }

    private final ReplacerBed bed = new ReplacerBed();
    private final List<Published> published = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private final StructuredLog.Redirect redirect = StructuredLog.redirect(logLines::add);
    private final MessagePublisher recording = (topic, data, attributes, orderingKey) -> {
        published.add(new Published(topic, data, attributes));
        return "message-" + published.size();
    };

    @AfterEach
    void close() {
        redirect.close();
        bed.close();
    }

    private NodePoolReplacerService service(MessagePublisher publisher) {
        return new NodePoolReplacerService(bed.replacer(enforce("")), new RequestTopic(publisher, JSON, TOPIC), JSON,
                new DeadLetters(publisher, Optional.of(DEAD_LETTERS)));
    }

    private static CloudEvent messagePublished(String id, String data) {
        String body = "{\"subscription\":\"projects/guard-host/subscriptions/replacer\",\"message\":{\"data\":\""
                + data + "\",\"messageId\":\"" + id + "\"}}";
        return CloudEventBuilder.v1().withId(id).withType(EventDecoder.MESSAGE_PUBLISHED)
                .withSource(URI.create("//pubsub.googleapis.com/projects/guard-host/topics/replacement-requests"))
                .withData("application/json", body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static CloudEvent request(String id) throws Exception {
        return messagePublished(id, Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(richDecision())));
    }

    @Test
    void outcomeIsPublishedToTheTicketTopicWithTheResourceAndFingerprint() throws Exception {
        service(recording).handle(request("e-1"), Instant.now());

        assertEquals(1, published.size());
        Published message = published.get(0);
        assertEquals(TOPIC, message.topic());
        assertEquals(Map.of("resource", richDecision().resource(), "fingerprint", richDecision().fingerprint()),
                message.attributes());
        TicketRequest.Remediated request = (TicketRequest.Remediated) JSON.readValue(message.data(), TicketRequest.class);
        assertEquals(richDecision().fingerprint(), request.decision().fingerprint());
        assertEquals(RemediationOutcome.Kind.REPLACEMENT_CREATED, request.outcome().kind());
        assertEquals(REPLACEMENT.name(), request.outcome().replacement());
    }

    @Test
    void eachOutcomeIsLoggedOnceWithItsFields() throws Exception {
        service(recording).handle(request("e-2"), Instant.now());

        assertEquals(1, logLines.size());
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals("e-2", line.get("event").asText());
        assertEquals(richDecision().resource(), line.get("resource").asText());
        assertEquals("REPLACEMENT_CREATED", line.get("outcome").asText());
        assertEquals(REPLACEMENT.name(), line.get("replacement").asText());
    }

    @Test
    void unreadableMessageIsDeadLetteredAndAcknowledged() throws Exception {
        CloudEvent unreadable = messagePublished("e-3", "not base64 %%%");
        service(recording).handle(unreadable, Instant.now());

        assertEquals(List.of(DEAD_LETTERS), published.stream().map(Published::topic).toList());
        assertArrayEquals(unreadable.getData().toBytes(), published.get(0).data(), "the message as it came");
        assertEquals("e-3", published.get(0).attributes().get("event"));
        assertTrue(published.get(0).attributes().get("reason").startsWith("CloudEvent e-3: message.data is not a Decision"),
                published.get(0).attributes().toString());
        assertEquals(1, logLines.size());
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals("malformed", line.get("decision").asText());
        assertEquals(0, bed.embedded.calls("GetNodePool"));
    }

    @Test
    void requestWithoutAFingerprintIsDeadLetteredWithItsOwnBytesAndNothingIsRead() throws Exception {
        ObjectNode unsigned = JSON.valueToTree(richDecision());
        unsigned.remove("fingerprint");
        byte[] bytes = JSON.writeValueAsBytes(unsigned);

        service(recording).handle(messagePublished("e-6", Base64.getEncoder().encodeToString(bytes)), Instant.now());

        assertEquals(1, published.size());
        Published dead = published.get(0);
        assertEquals(DEAD_LETTERS, dead.topic());
        assertEquals(Base64.getEncoder().encodeToString(bytes),
                JSON.readTree(dead.data()).path("message").path("data").asText());
        assertTrue(dead.attributes().get("reason").contains("fingerprint"), dead.attributes().toString());
        assertEquals("malformed", JSON.readTree(logLines.get(0)).get("decision").asText());
        assertEquals(0, bed.embedded.calls("GetNodePool"));
    }

    @Test
    void staleRequestIsOneLogLineSayingWhatDiffersAndAnOutcomeForItsTicket() throws Exception {
        bed.embedded.seed(ReplacerBed.CLUSTER.name(), Pools.exposedOnly("api", ReplacerBed.ACCOUNT).toBuilder()
                .setConfig(Pools.exposedOnly("api", ReplacerBed.ACCOUNT).getConfig().toBuilder()
                        .putLabels("metadata-guard-exempt", "change-1234")).build());
        Decision forged = ReplacerBed.decisionOn(ReplacerBed.CLUSTER.withNodePool("api").name());

        service(recording).handle(messagePublished("e-7", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(forged))), Instant.now());

        assertEquals(1, logLines.size());
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals("stale", line.get("decision").asText());
        assertTrue(line.get("differs").asText().contains("live, the pool is exempt"), line.toString());
        TicketRequest.Remediated stale = (TicketRequest.Remediated) JSON.readValue(published.get(0).data(), TicketRequest.class);
        assertEquals(RemediationOutcome.Kind.REQUEST_STALE, stale.outcome().kind());
        assertEquals(forged.fingerprint(), stale.decision().fingerprint());
        assertEquals(0, bed.embedded.calls("CreateNodePool"));
    }

    @Test
    void failureARetryCanFixIsThrownSoPubsubRedelivers() {
        bed.embedded.failNext("GetNodePool", Status.Code.UNAVAILABLE, 1);

        ApiFailure failure = assertThrows(ApiFailure.class, () -> service(recording).handle(request("e-4"), Instant.now()));

        assertEquals(FailureKind.TRANSIENT, failure.kind());
        assertEquals(List.of(), published);
    }

    @Test
    void aLiveViolationGkeCannotTakeYetRecordsWhyOnTheTicketThenRetries() throws Exception {
        bed.embedded.failNext("CreateNodePool", Status.Code.UNAVAILABLE, 1);

        ApiFailure failure = assertThrows(ApiFailure.class, () -> service(recording).handle(request("e-6"), Instant.now()));

        assertEquals(FailureKind.TRANSIENT, failure.kind());
        assertEquals(List.of(TOPIC), published.stream().map(Published::topic).toList(),
                "the waiting outcome is published before the retry, so dead-lettering it later loses nothing");
        TicketRequest.Remediated waiting = (TicketRequest.Remediated) JSON.readValue(published.get(0).data(),
                TicketRequest.class);
        assertEquals(RemediationOutcome.Kind.REPLACEMENT_WAITING, waiting.outcome().kind());
        assertTrue(waiting.outcome().detail().startsWith("Not replaced yet: " + failure.getMessage() + "."),
                waiting.outcome().detail());
        assertEquals(REPLACEMENT.name(), waiting.outcome().replacement());
    }

    @Test
    void publishRefusedForGoodIsDeadLetteredAndAcknowledged() throws Exception {
        MessagePublisher refusingTickets = (topic, data, attributes, orderingKey) -> {
            if (topic.equals(TOPIC)) {
                throw new ApiFailure(FailureKind.PERMISSION_DENIED, "pubsub.topics.publish", "denied on " + topic);
            }
            return recording.publish(topic, data, attributes, orderingKey);
        };

        service(refusingTickets).handle(request("e-5"), Instant.now());

        assertEquals(List.of(DEAD_LETTERS), published.stream().map(Published::topic).toList());
        assertEquals("PERMISSION_DENIED: pubsub.topics.publish: denied on " + TOPIC, published.get(0).attributes().get("reason"));
        JsonNode line = JSON.readTree(logLines.get(logLines.size() - 1));
        assertEquals("refused", line.get("decision").asText());
    }
}
