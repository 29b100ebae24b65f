package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP answers, and the failures to answer, that the per-sink tests leave out. Every HTTP sink
 * sends through the same {@link SinkHttp}, so they run through the simplest one, the webhook feed.
 */
class SinkHttpFaultsTest {

    private final WebhookFeedTest.Receiver receiver = new WebhookFeedTest.Receiver();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        receiver.close();
    }

    private WebhookFeed feed(String url, Duration requestTimeout) {
        HttpTransport transport = new HttpTransport(HttpClient.newHttpClient(), 4, Duration.ofMillis(500),
                Duration.ofSeconds(30), requestTimeout, waits::add, Samples.CLOCK);
        return new WebhookFeed(URI.create(url + "/hooks/tickets"), Secret.fromEnvironment(
                Map.of(WebhookFeed.SECRET_VARIABLE, FakeApi.SECRET)::get, WebhookFeed.SECRET_VARIABLE, "t"), transport);
    }

    private WebhookFeed feed() {
        return feed(receiver.url(), Duration.ofSeconds(5));
    }

    private static Ticket ticket() {
        return Samples.composer().violation(Samples.violation(MG001), Optional.empty());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 307, 308})
    void aRedirectIsNotFollowedAndIsPermanent(int status) {
        receiver.failNext(1, new FakeApi.Response(status, Map.of("Location", "https://elsewhere.example/hooks"), ""));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> feed().send(ticket()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("webhook.post: HTTP " + status + " from 127.0.0.1: redirected elsewhere; check tickets.webhook.url",
                failure.getMessage());
        assertEquals(1, receiver.requests().size());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {405, 409, 410, 413, 415})
    void aRefusalIsPermanentAtOnceAndQuotesTheServer(int status) {
        receiver.failNext(1, FakeApi.Response.json(status, "{\"error\": \"refused\"}"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> feed().send(ticket()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("webhook.post: HTTP " + status + " from 127.0.0.1: the request was refused: refused",
                failure.getMessage());
        assertEquals(List.of(), waits);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {408, 429, 504})
    void aTemporaryRefusalWithoutRetryAfterIsRetriedWithDoublingWaits(int status) {
        receiver.failNext(2, FakeApi.Response.json(status, "{}"));

        feed().send(ticket());

        assertEquals(3, receiver.requests().size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), waits);
    }

    @Test
    void aSlowAnswerWithinTheRequestTimeoutIsSentOnce() {
        try (SlowReceiver slow = new SlowReceiver(Duration.ofMillis(300))) {
            feed(slow.url(), Duration.ofSeconds(10)).send(ticket());

            assertEquals(1, slow.requests().size());
        }
        assertEquals(List.of(), waits);
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsRetriedThenTransient() {
        try (SlowReceiver slow = new SlowReceiver(Duration.ofSeconds(2))) {
            ApiFailure failure = assertThrows(ApiFailure.class,
                    () -> feed(slow.url(), Duration.ofMillis(100)).send(ticket()));

            assertEquals(FailureKind.TRANSIENT, failure.kind());
            assertEquals("webhook.post: no answer (HttpTimeoutException) from 127.0.0.1 after 4 attempts; retry on"
                    + " redelivery", failure.getMessage());
        }
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), waits);
    }

    @Test
    void aConnectionClosedWithoutAnswerIsRetriedThenTransient() {
        try (HangUp server = new HangUp()) {
            ApiFailure failure = assertThrows(ApiFailure.class,
                    () -> feed(server.url(), Duration.ofSeconds(5)).send(ticket()));

            assertEquals(FailureKind.TRANSIENT, failure.kind());
            assertEquals("webhook.post: no answer (IOException) from 127.0.0.1 after 4 attempts; retry on redelivery",
                    failure.getMessage());
        }
        assertEquals(3, waits.size());
    }

    /** Answers 204, but only after {@code delay}. */
    private static final class SlowReceiver extends FakeApi {
        private final Duration delay;

        SlowReceiver(Duration delay) {
            super(Samples.CLOCK);
            this.delay = delay;
        }

        @Override
        protected Response handle(Request request) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.empty(204);
        }
    }

    /** Accepts every connection and closes it without a word. */
    private static final class HangUp implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;

        HangUp() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        connection.getInputStream().read();
                    } catch (IOException closed) {
                        // The test is over, or the client gave up first: either way, keep hanging up.
                    }
                }
            }, "hang-up");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                socket.close();
                acceptor.join(5_000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
