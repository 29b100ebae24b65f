package dev.metadataguard.bench;

import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.testing.FreePort;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start under the real Functions Framework invoker: the time from starting the process until the
 * first event's POST is answered 200, for the audit-inspector and, side by side on the same class path
 * and JVM, for a function that does nothing. Each case runs several times, interleaved; medians count.
 */
public final class ColdStart {

    private static final int RUNS = 5;
    private static final String INSPECTOR = "dev.metadataguard.functions.AuditInspector";
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private ColdStart() {
    }

    /** One way of starting: which function, and the first event it gets. */
    private record Case(String label, String target, String event) {
    }

    public static void main(String[] args) throws Exception {
        List<Case> cases = List.of(
                new Case("empty function (baseline)", EmptyFunction.class.getName(), "05-create-node-pool-v1-first-compliant.json"),
                new Case("audit-inspector, event of another method", INSPECTOR, "13-delete-node-pool-unrelated-method.json"),
                new Case("audit-inspector, compliant pool (GKE + IAM read)", INSPECTOR,
                        "05-create-node-pool-v1-first-compliant.json"),
                new Case("audit-inspector, violation (+ Pub/Sub publish)", INSPECTOR,
                        "15-create-node-pool-v1-first-over-privileged-sa.json"));
        Map<Case, long[]> millis = new LinkedHashMap<>();
        cases.forEach(c -> millis.put(c, new long[RUNS]));
        try (EmbeddedGke gke = EmbeddedGke.loopback()) {
            Guard.seed(gke, Guard.rawEntries());
            PubsubEmulator pubsub = PubsubEmulator.get();
            Map<String, String> env = new HashMap<>(Map.of(
                    "MG_GKE_ENDPOINT", "127.0.0.1:" + gke.port(),
                    "MG_IAM_POLICY_FILE", TestEvents.root().resolve("iam/acme-prod-iam-policy.json").toString(),
                    "MG_TICKET_TOPIC", pubsub.createTopic("cold-ticket-requests"),
                    "MG_REPLACEMENT_TOPIC", pubsub.createTopic("cold-replacement-requests"),
                    "PUBSUB_EMULATOR_HOST", pubsub.host()));
            for (int run = 0; run < RUNS; run++) {
                for (Case c : cases) {
                    millis.get(c)[run] = firstAnswer(c, env);
                }
            }
        }
        Figures.title("cold start: process start -> first event answered 200, invoker " + RUNS + " runs each (median)");
        double baseline = median(millis.get(cases.get(0)));
        for (Case c : cases) {
            double median = median(millis.get(c));
            Figures.row(c.label(), Figures.decimal(median, "ms") + "  x" + String.format(java.util.Locale.ROOT, "%.2f",
                    median / baseline) + "  runs " + Arrays.toString(millis.get(c)));
        }
    }

    /** Starts the invoker and posts the event until the port answers; the time until a 200, in ms. */
    private static long firstAnswer(Case c, Map<String, String> env) throws IOException, InterruptedException {
        int port = FreePort.find();
        Path log = Files.createTempFile("cold-start-", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.google.cloud.functions.invoker.runner.Invoker",
                "--target", c.target(), "--port", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        HttpRequest request = binaryMessagePublished(port, TestEvents.bytes(c.event()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            while (System.nanoTime() - start < GIVE_UP.toNanos()) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(c.label() + " answered " + response.statusCode() + ":\n"
                                + Files.readString(log));
                    }
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                } catch (ConnectException notListeningYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(c.label() + " exited:\n" + Files.readString(log));
                    }
                    Thread.sleep(5);
                }
            }
            throw new IllegalStateException(c.label() + " did not answer within " + GIVE_UP + ":\n" + Files.readString(log));
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    /** A binary-mode messagePublished CloudEvent, as Eventarc pushes it. */
    private static HttpRequest binaryMessagePublished(int port, byte[] entry) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(60))
                .header("ce-specversion", "1.0")
                .header("ce-type", EventDecoder.MESSAGE_PUBLISHED)
                .header("ce-id", "cold-1")
                .header("ce-source", Envelopes.SOURCE.toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Envelopes.messagePublishedData(entry)))
                .build();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
