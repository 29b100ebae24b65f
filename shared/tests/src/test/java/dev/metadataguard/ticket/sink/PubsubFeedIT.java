package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static dev.metadataguard.ticket.Samples.MG002;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.pubsub.v1.PubsubMessage;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default ticket destination against the real Pub/Sub emulator. */
class PubsubFeedIT {

    private final PubsubEmulator emulator = PubsubEmulator.get();

    @Test
    void aViolationIsPublishedAsTheTicketKeyedAndOrderedByFingerprint() {
        String topic = emulator.createTopic("tickets");
        String subscription = emulator.createSubscription(topic, true);
        Decision decision = Samples.violation(MG001, MG002);

        try (FeedSink sink = new FeedSink(PubsubFeed.NAME, new PubsubFeed(topic, emulator.publisher()))) {
            Samples.desk(sink).apply(Samples.evaluated(decision));
        }

        PubsubMessage message = emulator.pull(subscription, 1, Duration.ofSeconds(20)).get(0).getMessage();
        Ticket ticket = TicketJson.read(message.getData().toByteArray());
        assertEquals(decision.fingerprint(), ticket.fingerprint());
        assertEquals(Ticket.Status.OPEN, ticket.status());
        assertEquals(decision.fingerprint(), message.getOrderingKey());
        assertEquals(Map.of("fingerprint", decision.fingerprint(), "resourceKey", ticket.resourceKey(), "status", "open"),
                message.getAttributesMap());
    }

    @Test
    void aCompliantResourceIsPublishedResolvedUnderItsResourceKey() {
        String topic = emulator.createTopic("tickets");
        String subscription = emulator.createSubscription(topic, true);

        try (FeedSink sink = new FeedSink(PubsubFeed.NAME, new PubsubFeed(topic, emulator.publisher()))) {
            TicketDesk desk = Samples.desk(sink);
            desk.apply(Samples.evaluated(Samples.violation(MG001)));
            desk.apply(Samples.compliantAt(Samples.CREATED.plusSeconds(60)));
        }

        List<PubsubMessage> messages = emulator.pull(subscription, 2, Duration.ofSeconds(20)).stream()
                .map(m -> m.getMessage()).toList();
        assertEquals(2, messages.size());
        PubsubMessage resolved = messages.stream().filter(m -> m.getAttributesMap().get("status").equals("resolved"))
                .findFirst().orElseThrow();
        PubsubMessage opened = messages.stream().filter(m -> m.getAttributesMap().get("status").equals("open"))
                .findFirst().orElseThrow();
        assertEquals(opened.getAttributesMap().get("resourceKey"), resolved.getAttributesMap().get("resourceKey"));
        assertEquals("re-evaluated compliant",
                TicketJson.read(resolved.getData().toByteArray()).resolution().orElseThrow().reason());
    }

    /** A Delete entry opens nothing: one resolution under the resource's key, with the deletion recorded on it. */
    @Test
    void aDeletedPoolIsPublishedResolvedUnderItsResourceKeyAndOpensNothing() {
        String topic = emulator.createTopic("tickets");
        String subscription = emulator.createSubscription(topic, true);
        Decision entry = Samples.decision(Samples.violation().resource(), dev.metadataguard.policy.Outcome.UNKNOWN,
                Samples.CREATED.plusSeconds(60));
        dev.metadataguard.decision.RemediationOutcome deleted = new dev.metadataguard.decision.RemediationOutcome(
                dev.metadataguard.decision.RemediationOutcome.Kind.RESOURCE_DELETED, "", "op-9", "It no longer exists.", "");

        try (FeedSink sink = new FeedSink(PubsubFeed.NAME, new PubsubFeed(topic, emulator.publisher()))) {
            assertEquals(TicketDesk.Change.RESOLVED, Samples.desk(sink).apply(Samples.remediated(entry, deleted)).change());
        }

        List<PubsubMessage> messages = emulator.pull(subscription, 1, Duration.ofSeconds(20)).stream()
                .map(m -> m.getMessage()).toList();
        assertEquals(1, messages.size());
        assertEquals("resolved", messages.get(0).getAttributesMap().get("status"));
        Ticket ticket = TicketJson.read(messages.get(0).getData().toByteArray());
        assertEquals(Samples.composer().violation(Samples.violation(MG001), java.util.Optional.empty()).resourceKey(),
                ticket.resourceKey());
        assertEquals("the resource was deleted", ticket.resolution().orElseThrow().reason());
    }

    @Test
    void aMissingTopicIsAPermanentFailureOfTheRequest() {
        String topic = "projects/" + PubsubEmulator.PROJECT + "/topics/no-tickets-here";

        try (FeedSink sink = new FeedSink(PubsubFeed.NAME, new PubsubFeed(topic, emulator.publisher()))) {
            ApiFailure failure = assertThrows(ApiFailure.class,
                    () -> Samples.desk(sink).apply(Samples.evaluated(Samples.violation(MG001))));
            assertEquals(FailureKind.PERMANENT, failure.kind());
        }
    }
}
