package dev.metadataguard.testing;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A function served by the real Functions Framework invoker in its own process, on a free loopback
 * port, with the test's class path and the given environment. Its output goes to a log file that a
 * failing test prints.
 */
public final class InvokerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private InvokerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static InvokerProcess start(String target, Map<String, String> env) throws IOException, InterruptedException {
        return start(target, env, List.of());
    }

    /** As {@link #start(String, Map)}, with {@code jvmOptions} before the main class. */
    public static InvokerProcess start(String target, Map<String, String> env, List<String> jvmOptions)
            throws IOException, InterruptedException {
        int port = FreePort.find();
        Path log = Files.createTempFile("invoker-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", invokerLast(System.getProperty("java.class.path")),
                "com.google.cloud.functions.invoker.runner.Invoker",
                "--target", target, "--port", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        InvokerProcess invoker = new InvokerProcess(builder.start(), port, log);
        // A test JVM stopped before its tests close the invoker (Ctrl-C, a timeout) still stops it.
        Runtime.getRuntime().addShutdownHook(new Thread(invoker.process::destroyForcibly));
        invoker.awaitPort(Duration.ofSeconds(60));
        return invoker;
    }

    /**
     * The class path with the invoker's jar last. It carries its own, older Jackson classes unshaded; the
     * runtime loads a function's jar apart from them, so here the function's own libraries must come first.
     */
    static String invokerLast(String classPath) {
        List<String> entries = new ArrayList<>(List.of(classPath.split(File.pathSeparator)));
        List<String> invoker = entries.stream().filter(e -> e.contains("java-function-invoker")).toList();
        entries.removeAll(invoker);
        entries.addAll(invoker);
        return String.join(File.pathSeparator, entries);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public HttpResponse<String> post(Map<String, String> headers, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url()).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private void awaitPort(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the invoker exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("the invoker did not listen on " + port + " within " + timeout + ":\n" + output());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
