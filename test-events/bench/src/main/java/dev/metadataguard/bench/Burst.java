package dev.metadataguard.bench;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.DecisionSink;
import dev.metadataguard.log.StructuredLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A burst of 10,000 events through the audit-inspector against the in-process embedded GKE, one after
 * the other as one function instance takes them: throughput, latency percentiles and peak memory.
 * Run in a 256 MiB heap ({@code -Xmx256m}); the events cycle through the raw LogEntries of
 * {@code test-events/} (relevant ones, a failed call, other methods and services).
 */
public final class Burst {

    private static final int EVENTS = 10_000;

    private Burst() {
    }

    /** Counts what the inspector asks for and keeps nothing, as a publisher that has sent it would. */
    private static final class CountingSink implements DecisionSink {
        final LongAdder tickets = new LongAdder();
        final LongAdder replacements = new LongAdder();

        @Override
        public void requestTicket(TicketRequest request) {
            tickets.increment();
        }

        @Override
        public void requestReplacement(Decision decision) {
            replacements.increment();
        }
    }

    public static void main(String[] args) throws IOException {
        List<byte[]> entries = Guard.rawEntries();
        CountingSink sink = new CountingSink();
        LongAdder logLines = new LongAdder();
        long[] nanos = new long[EVENTS];
        int retries = 0;
        long elapsed;
        try (EmbeddedGke gke = EmbeddedGke.inProcess();
                ContainerGke client = ContainerGke.connect(gke.channel());
                StructuredLog.Redirect counted = StructuredLog.redirect(line -> logLines.increment())) {
            Guard.seed(gke, entries);
            AuditInspectorService inspector = Guard.inspector(client, sink);
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                var event = Envelopes.messagePublished("burst-" + i, entries.get(i % entries.size()));
                long before = System.nanoTime();
                try {
                    inspector.handle(event);
                } catch (ApiFailure failure) {
                    retries++;
                }
                nanos[i] = System.nanoTime() - before;
            }
            elapsed = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        Figures.title("burst: " + EVENTS + " events through the audit-inspector, in-process embedded GKE, one thread");
        Figures.row("heap limit", Figures.decimal(Runtime.getRuntime().maxMemory() / 1048576.0, "MiB"));
        Figures.row("event mix", entries.size() + " raw LogEntries of test-events/, in turn");
        Figures.row("throughput", Figures.decimal(EVENTS / (elapsed / 1e9), "events/s"));
        Figures.row("latency p50 / p90 / p99 / max", String.join(" / ", millis(nanos, 0.50), millis(nanos, 0.90),
                millis(nanos, 0.99), Figures.decimal(nanos[EVENTS - 1] / 1e6, "ms")));
        Figures.row("peak heap used (sum of pool peaks)", Figures.decimal(peakHeap() / 1048576.0, "MiB"));
        Figures.row("peak resident set (VmHWM)", residentPeak());
        Figures.row("tickets / replacements requested", sink.tickets.sum() + " / " + sink.replacements.sum());
        Figures.row("log lines / events thrown for retry", logLines.sum() + " / " + retries);
    }

    private static String millis(long[] sorted, double quantile) {
        return Figures.decimal(sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6, "ms");
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** Linux's high-water mark of the process's resident memory: heap, metaspace, code, threads. */
    private static String residentPeak() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "(not on Linux)";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring("VmHWM:".length()).strip()).findFirst().orElse("(unknown)");
    }
}
