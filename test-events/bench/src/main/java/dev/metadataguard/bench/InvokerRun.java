package dev.metadataguard.bench;

import dev.metadataguard.event.EventDecoder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function served by the real Functions Framework invoker in a new JVM, its output in a log file:
 * the cold-start harnesses start it, post binary-mode {@code messagePublished} events to it (the first one
 * retried every 5 ms until the port accepts it) and stop it with SIGTERM, as the platform does.
 */
final class InvokerRun implements AutoCloseable {

    static final String INVOKER_MAIN = "com.google.cloud.functions.invoker.runner.Invoker";
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private final String label;
    private final int port;
    private final Path log;
    private final long started;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private InvokerRun(String label, int port, Path log, ProcessBuilder builder) throws IOException {
        this.label = label;
        this.port = port;
        this.log = log;
        this.started = System.nanoTime();
        this.process = builder.start();
    }

    /** Starts {@code command}, which serves on {@code port}; the clock of {@link #post} starts here. */
    static InvokerRun start(String label, List<String> command, int port, Map<String, String> env) throws IOException {
        Path log = Files.createTempFile("cold-start-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new InvokerRun(label, port, log, builder);
    }

    /** The {@code java} of the JVM running the harness, so every case runs on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Posts {@code entry}, waiting for the port to accept; the answer's status. */
    int post(String id, byte[] entry) throws IOException, InterruptedException {
        HttpRequest request = binaryMessagePublished(id, entry);
        while (System.nanoTime() - started < GIVE_UP.toNanos()) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (ConnectException notListeningYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(label + " exited:\n" + output());
                }
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException(label + " did not answer within " + GIVE_UP + ":\n" + output());
    }

    /** Posts {@code entry} as the first event: the milliseconds from the start until it is answered 200. */
    long firstAnswerMillis(byte[] entry) throws IOException, InterruptedException {
        int status = post("cold-1", entry);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (status != 200) {
            throw new IllegalStateException(label + " answered " + status + ":\n" + output());
        }
        return millis;
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then waits for the JVM to exit (it writes a class-data archive on the way out when asked to). */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }

    /** A binary-mode messagePublished CloudEvent, as Eventarc pushes it. */
    private HttpRequest binaryMessagePublished(String id, byte[] entry) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(60))
                .header("ce-specversion", "1.0")
                .header("ce-type", EventDecoder.MESSAGE_PUBLISHED)
                .header("ce-id", id)
                .header("ce-source", Envelopes.SOURCE.toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Envelopes.messagePublishedData(entry)))
                .build();
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
