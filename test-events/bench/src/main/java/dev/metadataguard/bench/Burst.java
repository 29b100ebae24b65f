package dev.metadataguard.bench;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.log.StructuredLog;
import java.io.IOException;
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
            Memory.resetPeaks();
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
        Figures.row("latency p50 / p90 / p99 / max", String.join(" / ", Figures.millis(nanos, 0.50), Figures.millis(nanos, 0.90),
                Figures.millis(nanos, 0.99), Figures.decimal(nanos[EVENTS - 1] / 1e6, "ms")));
        Figures.row("peak heap used (sum of pool peaks)", Memory.mebibytes(Memory.peakHeap()));
        Figures.row("peak resident set (VmHWM)", Memory.residentPeak());
        Figures.row("tickets / replacements requested", sink.tickets.sum() + " / " + sink.replacements.sum());
        Figures.row("log lines / events thrown for retry", logLines.sum() + " / " + retries);
    }
}
