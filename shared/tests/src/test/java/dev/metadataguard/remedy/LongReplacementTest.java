package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static dev.metadataguard.remedy.ReplacerBed.MINIMAL_ROLES;
import static dev.metadataguard.remedy.ReplacerBed.ORIGINAL;
import static dev.metadataguard.remedy.ReplacerBed.REPLACEMENT;
import static dev.metadataguard.remedy.ReplacerBed.WORKLOAD_IDENTITY;
import static dev.metadataguard.remedy.ReplacerBed.enforce;
import static dev.metadataguard.remedy.ReplacerBed.richDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.container.v1.NodePool;
import dev.metadataguard.config.Json;
import dev.metadataguard.decision.RemediationOutcome.Kind;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.InProgress;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.testing.MovableClock;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replacement that takes longer than a delivery may: GKE's operations run 20 minutes on a clock the test
 * moves, the function's timeout is the 540 s Terraform gives it, and Pub/Sub redelivers while the work goes on.
 * Each delivery ends inside the timeout, and each outcome is published once, by the delivery that reached it.
 */
class LongReplacementTest {

    private static final Duration OPERATION_TIME = Duration.ofMinutes(20);
    private static final FunctionTimeout TIMEOUT = FunctionTimeout.DEFAULT;
    /** Pub/Sub's least backoff before a redelivery, as terraform/pubsub.tf sets it. */
    private static final Duration BACKOFF = Duration.ofSeconds(10);
    private static final String TOPIC = "projects/guard-host/topics/ticket-requests";
    private static final ObjectMapper JSON = Json.mapper();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final ReplacerBed bed = new ReplacerBed(EmbeddedGke.builder().operationTime(OPERATION_TIME).clock(clock)
            .inProcess(), WORKLOAD_IDENTITY, Pools.rich(ORIGINAL.nodePool()));
    private final List<TicketRequest> published = new ArrayList<>();
    private final List<String> deadLetters = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private final StructuredLog.Redirect redirect = StructuredLog.redirect(logLines::add);

    @AfterEach
    void close() {
        redirect.close();
        bed.close();
    }

    /** The function's budget, each wait sleeping by moving the clock: 20 minutes pass in moments. */
    private Polling polling() {
        return new Polling(Duration.ofSeconds(30), TIMEOUT.budget(), clock, clock::advance);
    }

    private NodePoolReplacerService service(String policy) {
        MessagePublisher publisher = (topic, data, attributes, orderingKey) -> {
            if (topic.equals(TOPIC)) {
                published.add(read(data));
            } else {
                deadLetters.add(topic);
            }
            return "message-" + (published.size() + deadLetters.size());
        };
        return new NodePoolReplacerService(bed.replacer(policy, MINIMAL_ROLES, polling()),
                new RequestTopic(publisher, JSON, TOPIC), JSON,
                new DeadLetters(publisher, Optional.of("projects/guard-host/topics/replacement-requests-dead-letter")));
    }

    /** How long each delivery took on the clock, delivering the request again while the work is in progress. */
    private List<Duration> deliverUntilAcknowledged(NodePoolReplacerService service) throws Exception {
        CloudEvent request = request();
        List<Duration> deliveries = new ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            Instant arrived = clock.instant();
            try {
                service.handle(request, arrived);
                deliveries.add(Duration.between(arrived, clock.instant()));
                return deliveries;
            } catch (InProgress goingOn) {
                deliveries.add(Duration.between(arrived, clock.instant()));
                clock.advance(BACKOFF);
            }
        }
        throw new AssertionError("still in progress after 10 deliveries: " + logLines);
    }

    @Test
    void aReplacementAndADeletionOfTwentyMinutesEachCompleteOverSeveralDeliveriesEachOutcomeOnce() throws Exception {
        List<Duration> deliveries = deliverUntilAcknowledged(service(enforce("retireOriginal: delete")));

        assertEquals(List.of(Kind.REPLACEMENT_CREATED, Kind.ORIGINAL_RETIRED, Kind.RESOURCE_DELETED),
                published.stream().map(r -> ((TicketRequest.Remediated) r).outcome().kind()).toList());
        assertEquals(List.of(), deadLetters);
        for (Duration took : deliveries) {
            assertTrue(took.compareTo(TIMEOUT.value()) < 0, "a delivery took " + took + " of " + TIMEOUT.value());
            assertTrue(took.compareTo(TIMEOUT.budget()) <= 0, "a delivery waited " + took + ", beyond its budget");
        }
        // 510 s of waiting each: the creation's 1200 s span three deliveries, the third of which sees the replacement
        // ready and starts the deletion, whose 1200 s span it and two more.
        assertEquals(5, deliveries.size(), deliveries.toString());
        List<JsonNode> inProgress = lines("in progress");
        assertEquals(deliveries.size() - 1, inProgress.size(), logLines.toString());
        assertTrue(inProgress.get(0).path("waiting").asText().startsWith("replacement " + REPLACEMENT.name()
                + " is not ready yet: its operation "), inProgress.get(0).toString());
        assertTrue(inProgress.get(3).path("waiting").asText().equals("node pool " + ORIGINAL.name()
                + " is STOPPING (being deleted)"), inProgress.get(3).toString());
        assertEquals(List.of(), lines("will retry"), "in progress is no failure");
        assertEquals(1, bed.embedded.calls("CreateNodePool"));
        assertEquals(1, bed.embedded.calls("DeleteNodePool"));
        assertEquals(List.of("default-pool", REPLACEMENT.nodePool()), bed.poolNames());
        assertEquals(NodePool.Status.RUNNING, bed.gke.getNodePool(REPLACEMENT).getStatus());
    }

    @Test
    void theDeliveryThatSeesTheReplacementReadyReportsItAndTheOriginalKeptByDefault() throws Exception {
        List<Duration> deliveries = deliverUntilAcknowledged(service(enforce("")));

        assertEquals(3, deliveries.size(), deliveries.toString());
        assertEquals(1, published.size());
        TicketRequest.Remediated created = (TicketRequest.Remediated) published.get(0);
        assertEquals(Kind.REPLACEMENT_CREATED, created.outcome().kind());
        assertTrue(created.outcome().detail().contains("It already existed (an earlier delivery created it)"),
                created.outcome().detail());
        assertEquals(List.of("default-pool", ORIGINAL.nodePool(), REPLACEMENT.nodePool()), bed.poolNames());
    }

    /**
     * v1 Cluster.Status RECONCILING: "some work is actively being done on the cluster", a state that passes: a
     * delivery that finds it waits, within its time, and goes on once the cluster runs again.
     */
    @Test
    void aClusterStillReconcilingIsWaitedForWithinTheDeliveryThenTheReplacementGoesAhead() {
        bed.gke.enableWorkloadIdentity(CLUSTER, "acme-prod.svc.id.goog");
        clock.advance(OPERATION_TIME.minusMinutes(5));
        Instant arrived = clock.instant();

        ReplacementInProgress creating = assertThrows(ReplacementInProgress.class,
                () -> bed.replacer(enforce(""), MINIMAL_ROLES, polling()).replace(richDecision(), arrived));

        assertTrue(creating.getMessage().startsWith("replacement " + REPLACEMENT.name() + " is not ready yet"),
                creating.getMessage());
        assertEquals(1, bed.embedded.calls("CreateNodePool"), "created once the cluster ran again, in this delivery");
        assertEquals(TIMEOUT.budget(), Duration.between(arrived, clock.instant()));
    }

    private List<JsonNode> lines(String message) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : logLines) {
            JsonNode json = JSON.readTree(line);
            if (json.path("message").asText().equals(message)) {
                found.add(json);
            }
        }
        return found;
    }

    private static TicketRequest read(byte[] data) {
        try {
            return JSON.readValue(data, TicketRequest.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CloudEvent request() throws Exception {
        String data = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(richDecision()));
        String body = "{\"subscription\":\"projects/guard-host/subscriptions/replacer\",\"message\":{\"data\":\""
                + data + "\",\"messageId\":\"long-1\"}}";
        return CloudEventBuilder.v1().withId("long-1").withType(EventDecoder.MESSAGE_PUBLISHED)
                .withSource(URI.create("//pubsub.googleapis.com/projects/guard-host/topics/replacement-requests"))
                .withData("application/json", body.getBytes(StandardCharsets.UTF_8)).build();
    }
}
