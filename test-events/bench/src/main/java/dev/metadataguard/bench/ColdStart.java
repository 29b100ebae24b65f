package dev.metadataguard.bench;

import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.testing.FreePort;
import dev.metadataguard.testing.TestEvents;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start under the real Functions Framework invoker: the time from starting the process until the
 * first event's POST is answered 200, for the audit-inspector and, side by side on the same class path
 * and JVM, for a function that does nothing. Each case runs several times, interleaved; medians count.
 */
public final class ColdStart {

    private static final int RUNS = 5;
    static final String INSPECTOR = "dev.metadataguard.functions.AuditInspector";
    static final String IGNORED = "21-set-maintenance-policy-unrelated-method.json";
    static final String COMPLIANT = "05-create-node-pool-v1-first-compliant.json";
    static final String VIOLATION = "15-create-node-pool-v1-first-over-privileged-sa.json";

    private ColdStart() {
    }

    /** One way of starting: which function, and the first event it gets. */
    private record Case(String label, String target, String event) {
    }

    public static void main(String[] args) throws Exception {
        List<Case> cases = List.of(
                new Case("empty function (baseline)", EmptyFunction.class.getName(), COMPLIANT),
                new Case("audit-inspector, event of another method", INSPECTOR, IGNORED),
                new Case("audit-inspector, compliant pool (GKE + IAM read)", INSPECTOR, COMPLIANT),
                new Case("audit-inspector, violation (+ Pub/Sub publish)", INSPECTOR, VIOLATION));
        Map<Case, long[]> millis = new LinkedHashMap<>();
        cases.forEach(c -> millis.put(c, new long[RUNS]));
        try (EmbeddedGke gke = EmbeddedGke.loopback()) {
            Guard.seed(gke, Guard.rawEntries());
            Map<String, String> env = Guard.functionEnvironment(gke, "cold");
            for (int run = 0; run < RUNS; run++) {
                for (Case c : cases) {
                    int port = FreePort.find();
                    List<String> command = List.of(InvokerRun.java(), "-cp", System.getProperty("java.class.path"),
                            InvokerRun.INVOKER_MAIN, "--target", c.target(), "--port", String.valueOf(port));
                    try (InvokerRun invoker = InvokerRun.start(c.label(), command, port, env)) {
                        millis.get(c)[run] = invoker.firstAnswerMillis(TestEvents.bytes(c.event()));
                    }
                }
            }
        }
        Figures.title("cold start: process start -> first event answered 200, invoker " + RUNS + " runs each (median)");
        double baseline = InvokerRun.median(millis.get(cases.get(0)));
        for (Case c : cases) {
            double median = InvokerRun.median(millis.get(c));
            Figures.row(c.label(), Figures.decimal(median, "ms") + "  x" + String.format(Locale.ROOT, "%.2f",
                    median / baseline) + "  runs " + Arrays.toString(millis.get(c)));
        }
    }
}
