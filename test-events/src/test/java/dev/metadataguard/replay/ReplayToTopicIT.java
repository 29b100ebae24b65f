package dev.metadataguard.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code --topic} publishes each entry's bare LogEntry to the real Pub/Sub emulator, as a log sink does. */
class ReplayToTopicIT {

    private static final Map<String, String> ENV = Map.of(PubsubPublisher.EMULATOR_HOST, PubsubEmulator.get().host());

    @Test
    void everyEntryIsPublishedAsItsLogEntryWithTheTimestampAttribute() throws Exception {
        PubsubEmulator pubsub = PubsubEmulator.get();
        String topic = pubsub.createTopic("gke-audit-events");
        String subscription = pubsub.createSubscription(topic, false);

        ReplayRun run = ReplayRun.of(ENV, "", "--json", "--topic", topic,
                TestEvents.event("05-create-node-pool-v1-first-compliant.json").toString(),
                TestEvents.event("07-create-node-pool-v1-first-exposed-background.json").toString(),
                TestEvents.event("17-gcloud-export-node-pool-first-and-last.json").toString(),
                TestEvents.root().resolve("malformed/not-json.json").toString());

        assertEquals(0, run.exit(), run.err());
        List<JsonNode> rows = run.lines();
        assertEquals(List.of("05-create-node-pool-v1-first-compliant.json payments/nodePools/api true",
                "07-create-node-pool-v1-first-exposed-background.json payments/nodePools/batch true",
                "17-gcloud-export-node-pool-first-and-last.json#2 payments/nodePools/web true",
                "17-gcloud-export-node-pool-first-and-last.json#1 payments/nodePools/web true",
                "not-json.json  true"), rows.stream().map(ReplayToTopicIT::summary).toList());

        Map<String, PubsubMessage> published = new TreeMap<>();
        for (ReceivedMessage m : pubsub.pull(subscription, 5, Duration.ofSeconds(20))) {
            published.put("message " + m.getMessage().getMessageId(), m.getMessage());
        }
        assertEquals(rows.stream().map(r -> r.path("answer").asText()).sorted().toList(), List.copyOf(published.keySet()));

        JsonNode export = TestEvents.json("17-gcloud-export-node-pool-first-and-last.json");
        List<JsonNode> expected = List.of(
                TestEvents.json("05-create-node-pool-v1-first-compliant.json"),
                TestEvents.JSON.readTree(Base64.getDecoder().decode(
                        TestEvents.json("07-create-node-pool-v1-first-exposed-background.json").path("data").path("data").asText())),
                export.get(1),
                export.get(0));
        for (int i = 0; i < expected.size(); i++) {
            PubsubMessage message = published.get(rows.get(i).path("answer").asText());
            assertEquals(expected.get(i), TestEvents.JSON.readTree(message.getData().toByteArray()), rows.get(i).toString());
            assertEquals(Map.of("logging.googleapis.com/timestamp", expected.get(i).path("timestamp").asText()),
                    message.getAttributesMap());
        }
        PubsubMessage unreadable = published.get(rows.get(4).path("answer").asText());
        assertEquals(new String(TestEvents.bytes("malformed/not-json.json"), StandardCharsets.UTF_8),
                unreadable.getData().toStringUtf8());
        assertEquals(Map.of(), unreadable.getAttributesMap());
    }

    @Test
    void aTopicThatDoesNotExistIsReportedAndExitsOne() {
        String missing = "projects/" + PubsubEmulator.PROJECT + "/topics/never-created";
        ReplayRun run = ReplayRun.of(ENV, "", "--json", "--topic", missing,
                TestEvents.event("05-create-node-pool-v1-first-compliant.json").toString());

        assertEquals(1, run.exit());
        JsonNode row = run.lines().get(0);
        assertEquals(false, row.path("ok").asBoolean());
        assertEquals("pubsub.projects.topics.publish: NOT_FOUND publishing to " + missing
                + ": the topic does not exist: create it or correct the topic name in the settings",
                row.path("answer").asText());
    }

    private static String summary(JsonNode row) {
        String source = row.path("source").asText();
        return source.substring(source.lastIndexOf('/') + 1) + " " + row.path("resource").asText()
                .replaceFirst("^projects/[^/]+/zones/[^/]+/clusters/", "") + " " + row.path("ok").asBoolean();
    }
}
