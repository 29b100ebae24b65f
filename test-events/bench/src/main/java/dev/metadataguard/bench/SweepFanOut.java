package dev.metadataguard.bench;

import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.sweep.AssetInventoryDiscovery;
import dev.metadataguard.sweep.EmbeddedAssetService;
import dev.metadataguard.sweep.EstateSweeperService;
import dev.metadataguard.sweep.SweepSummary;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The estate sweeper's part of {@link EstateSweep}, in a JVM of its own so its heap is its own: discovery
 * through the real Cloud Asset client (fake AssetService on a loopback port) and the fan-out of one
 * inspection request per cluster, to memory (a publisher that counts and keeps nothing: the sweeper's own
 * cost) or to the Pub/Sub emulator (the real publisher, one synchronous publish per request, as deployed).
 * Arguments: the AssetService's port, then {@code memory} or {@code emulator}.
 */
public final class SweepFanOut {

    private SweepFanOut() {
    }

    /** Counts the inspection requests and their bytes, keeping nothing. */
    private static final class Counting implements MessagePublisher {
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();

        @Override
        public String publish(String topic, byte[] data, Map<String, String> attributes, String orderingKey) {
            if (attributes.containsKey("cluster")) {
                messages.increment();
                bytes.add(data.length);
            }
            return Long.toString(messages.sum());
        }
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        boolean emulator = args[1].equals("emulator");
        Counting counting = new Counting();
        MessagePublisher publisher = emulator ? PubsubEmulator.get().publisher() : counting;
        String inspections = emulator ? PubsubEmulator.get().createTopic("inspection-requests")
                : "projects/bench/topics/inspection-requests";
        String reports = emulator ? PubsubEmulator.get().createTopic("sweep-reports") : "projects/bench/topics/sweep-reports";
        String tickets = emulator ? PubsubEmulator.get().createTopic("ticket-requests") : "projects/bench/topics/ticket-requests";
        LongAdder logLines = new LongAdder();
        // Publishing to the emulator takes long enough that one sweep says it; in memory the first sweep
        // also pays class loading and the clients' start, so a second one shows the steady rate.
        int sweeps = emulator ? 1 : 2;
        SweepSummary[] summaries = new SweepSummary[sweeps];
        long[] nanos = new long[sweeps];
        Memory.resetPeaks();
        ManagedChannel assets = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try (StructuredLog.Redirect counted = StructuredLog.redirect(line -> logLines.increment())) {
            EstateSweeperService sweeper = new EstateSweeperService(new AssetInventoryDiscovery(
                    EmbeddedAssetService.client(assets), EstateSweep.ORG), Optional.empty(), Policy.defaults(), publisher,
                    Json.mapper(), inspections, Optional.of(reports), Optional.of(tickets), Clock.systemUTC(), Optional.empty());
            for (int i = 0; i < sweeps; i++) {
                long start = System.nanoTime();
                summaries[i] = sweeper.sweep("bench-" + i);
                nanos[i] = System.nanoTime() - start;
            }
        } finally {
            assets.shutdownNow();
        }
        long peak = Memory.peakHeap();
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        SweepSummary last = summaries[sweeps - 1];
        Figures.title("sweeper: discovery + fan-out to " + (emulator ? "the Pub/Sub emulator (PubsubPublisher)"
                : "memory (a counting publisher)") + ", own JVM");
        Figures.row("heap limit", Memory.mebibytes(Runtime.getRuntime().maxMemory()));
        Figures.row("clusters found / requests published / pages", last.clusters() + " / " + last.requested() + " / "
                + last.pages() + (last.complete() ? "" : " (incomplete: " + last.errors() + ")"));
        for (int i = 0; i < sweeps; i++) {
            Figures.row("sweep " + (i + 1) + ": wall time, requests/s", Figures.decimal(nanos[i] / 1e9, "s") + ", "
                    + Figures.decimal(summaries[i].requested() / (nanos[i] / 1e9), "requests/s"));
        }
        if (!emulator) {
            Figures.row("bytes per request (JSON)", Figures.decimal(counting.bytes.sum() / (double) counting.messages.sum(), "B"));
        }
        Figures.row("peak heap used (sum of pool peaks)", Memory.mebibytes(peak));
        Figures.row("heap in use after a full collection at the end", Memory.mebibytes(live));
        Figures.row("collections (time)", Memory.collections());
        Figures.row("peak resident set (VmHWM)", Memory.residentPeak());
        Figures.row("log lines", Long.toString(logLines.sum()));
        publisher.close();
    }
}
