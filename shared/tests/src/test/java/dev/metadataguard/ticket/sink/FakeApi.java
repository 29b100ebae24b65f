package dev.metadataguard.ticket.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.metadataguard.gke.embedded.LoopbackServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server standing in for a tracker or a webhook receiver: it records every request, can be
 * told to fail the next ones (503, 429 with Retry-After, ...), and otherwise answers as the real API does.
 */
abstract class FakeApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "s3cr3t-TOKEN-0042";

    /** One request as the server saw it. */
    record Request(String method, String path, String query, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An answer. */
    record Response(int status, Map<String, String> headers, String body) {
        static Response json(int status, Object body) {
            try {
                return new Response(status, Map.of("Content-Type", "application/json"),
                        body instanceof String text ? text : JSON.writeValueAsString(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Response empty(int status) {
            return new Response(status, Map.of(), "");
        }
    }

    /** When trackers close a ticket, as far as tests are concerned. */
    final Clock clock;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Response> scripted = new ArrayDeque<>();

    FakeApi(Clock clock) {
        this.clock = clock;
        server = LoopbackServer.create("a fake tracker API");
        server.createContext("/", this::exchange);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} requests get {@code response}, whatever they are. */
    synchronized void failNext(int times, Response response) {
        for (int i = 0; i < times; i++) {
            scripted.add(response);
        }
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Answers a request the way the real API would; called one request at a time. */
    protected abstract Response handle(Request request);

    private void exchange(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        Response response;
        synchronized (this) {
            requests.add(request);
            Response next = scripted.poll();
            response = next != null ? next : handle(request);
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** A transport that records waits instead of sleeping, so retry tests are fast and exact. */
    static HttpTransport transport(Clock clock, List<Duration> waits) {
        return new HttpTransport(java.net.http.HttpClient.newHttpClient(), 4, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(5), waits::add, clock);
    }
}
