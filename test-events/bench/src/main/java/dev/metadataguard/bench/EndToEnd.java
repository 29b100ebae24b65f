package dev.metadataguard.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.TicketSettings;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.PubsubDecisionSink;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.testing.TestEvents;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketDesks;
import dev.metadataguard.ticket.TicketOpenerService;
import dev.metadataguard.ticket.sink.TicketSinks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * End to end on the Pub/Sub emulator: a creation event published to {@code gke-audit-events} until its
 * ticket is published by the ticket opener. The audit-inspector and the ticket opener run in this
 * process, each fed by a pull loop on its subscription, wired through the emulator's topics as Terraform
 * wires the functions. A few hundred events, each about its own node pool, at a steady rate.
 */
public final class EndToEnd {

    private static final int EVENTS = 200;
    /** Slow enough that the one-thread pull loops keep up: the figure is latency, not queueing. */
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration GIVE_UP = Duration.ofSeconds(120);
    private static final String EVENT = "15-create-node-pool-v1-first-over-privileged-sa.json";

    private EndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        // The ticket desk's own progress lines would bury the figures.
        Logger.getLogger("").setLevel(Level.WARNING);
        PubsubEmulator pubsub = PubsubEmulator.get();
        String audit = pubsub.createTopic("gke-audit-events");
        String requests = pubsub.createTopic("ticket-requests");
        String tickets = pubsub.createTopic("tickets");
        List<byte[]> entries = new ArrayList<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] nanos = new long[EVENTS];
        CountDownLatch arrived = new CountDownLatch(EVENTS);
        LongAdder logLines = new LongAdder();
        for (int i = 0; i < EVENTS; i++) {
            entries.add(ownPool(i));
        }
        try (EmbeddedGke gke = EmbeddedGke.inProcess();
                ContainerGke client = ContainerGke.connect(gke.channel());
                dev.metadataguard.gke.ComputeInstanceGroups groups =
                        dev.metadataguard.gke.ComputeInstanceGroups.forEndpoint(gke.computeEndpoint());
                PubsubPublisher publisher = pubsub.publisher();
                StructuredLog.Redirect counted = StructuredLog.redirect(line -> logLines.increment())) {
            Guard.seed(gke, Guard.rawEntries());
            Guard.seed(gke, entries);
            AuditInspectorService inspector = Guard.inspector(client, new PubsubDecisionSink(
                    new RequestTopic(publisher, Json.mapper(), requests),
                    new RequestTopic(publisher, Json.mapper(), pubsub.createTopic("replacement-requests"))));
            TicketOpenerService opener = new TicketOpenerService(TicketDesks.of(new TicketDesk(
                    TicketSinks.create(TicketSettings.fromYaml("sink: pubsub\npubsub: {topic: " + tickets + "}"),
                            Map.of(PubsubPublisher.EMULATOR_HOST, pubsub.host())::get),
                    new TicketComposer(project -> Optional.empty()), Clock.systemUTC())), Json.mapper(),
                    DeadLetters.none(), Optional.empty(), Guard.ticketCheck(client, groups));
            int[] received = {0};
            LongAdder inInspector = new LongAdder();
            LongAdder inOpener = new LongAdder();
            try (PullLoop inspecting = new PullLoop(pubsub.host(), pubsub.createSubscription(audit, false),
                    m -> timed(inInspector, () -> inspector.handle(Envelopes.messagePublished(m.getMessageId(),
                            m.getData().toByteArray()))));
                    PullLoop opening = new PullLoop(pubsub.host(), pubsub.createSubscription(requests, false),
                            m -> timed(inOpener, () -> opener.handle(Envelopes.messagePublished(m.getMessageId(),
                                    m.getData().toByteArray()))));
                    PullLoop measuring = new PullLoop(pubsub.host(), pubsub.createSubscription(tickets, false), m -> {
                        Long sent = sentAt.remove(m.getAttributesOrDefault("resourceKey", ""));
                        if (sent != null) {
                            synchronized (nanos) {
                                nanos[received[0]++] = System.nanoTime() - sent;
                            }
                            arrived.countDown();
                        }
                    })) {
                long start = System.nanoTime();
                for (int i = 0; i < EVENTS; i++) {
                    long slot = start + INTERVAL.toNanos() * i;
                    TimeUnit.NANOSECONDS.sleep(slot - System.nanoTime());
                    sentAt.put(TicketComposer.resourceKey(pool(i).name()), System.nanoTime());
                    publisher.publish(audit, entries.get(i), Map.of(), "");
                }
                arrived.await(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
                print(Arrays.copyOf(nanos, received[0]), System.nanoTime() - start, inspecting.failures()
                        + opening.failures());
                Figures.row("time in the audit-inspector / ticket opener, mean", Figures.decimal(
                        inInspector.sum() / 1e6 / EVENTS, "ms") + " / " + Figures.decimal(inOpener.sum() / 1e6 / EVENTS, "ms"));
            }
        }
    }

    private static void timed(LongAdder total, Runnable handling) {
        long start = System.nanoTime();
        try {
            handling.run();
        } finally {
            total.add(System.nanoTime() - start);
        }
    }

    /** The test event about node pool {@code pool-i}: its own resource, so its own ticket. */
    private static byte[] ownPool(int i) {
        ObjectNode entry = (ObjectNode) TestEvents.json(EVENT);
        ((ObjectNode) entry.get("protoPayload")).put("resourceName",
                "projects/acme-prod/zones/europe-west1-b/clusters/payments/nodePools/pool-" + i);
        ((ObjectNode) entry.get("protoPayload").get("request").get("nodePool")).put("name", "pool-" + i);
        return entry.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ResourceRef pool(int i) {
        return ResourceRef.cluster("acme-prod", "europe-west1-b", "payments").withNodePool("pool-" + i);
    }

    private static void print(long[] nanos, long elapsed, long failures) {
        Arrays.sort(nanos);
        Figures.title("end to end on the Pub/Sub emulator: event published -> ticket published");
        Figures.row("events sent / tickets received", EVENTS + " / " + nanos.length + " (one every "
                + INTERVAL.toMillis() + " ms)");
        if (nanos.length > 0) {
            Figures.row("latency p50 / p99 / max", String.join(" / ",
                    Figures.millis(nanos, 0.50),
                    Figures.millis(nanos, 0.99),
                    Figures.decimal(nanos[nanos.length - 1] / 1e6, "ms")));
        }
        Figures.row("wall time", Figures.decimal(elapsed / 1e9, "s"));
        Figures.row("deliveries that threw (redelivered)", String.valueOf(failures));
    }
}
