package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketJson;
import dev.metadataguard.ticket.TicketRenderer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookFeedTest {

    private final Receiver receiver = new Receiver();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private final WebhookFeed feed = new WebhookFeed(URI.create(receiver.url() + "/hooks/tickets"),
            Secret.fromEnvironment(Map.of(WebhookFeed.SECRET_VARIABLE, FakeApi.SECRET)::get,
                    WebhookFeed.SECRET_VARIABLE, "t"), FakeApi.transport(Samples.CLOCK, waits));
    private final FeedSink sink = new FeedSink(WebhookFeed.NAME, feed);

    /** A receiver that checks the signature the way the header's documentation tells receivers to. */
    static final class Receiver extends FakeApi {
        Receiver() {
            super(Samples.CLOCK);
        }

        @Override
        protected Response handle(Request request) {
            String timestamp = request.header(WebhookFeed.TIMESTAMP_HEADER);
            String expected = "sha256=" + hmac(FakeApi.SECRET, timestamp + "." + request.body());
            if (timestamp == null || !expected.equals(request.header(WebhookFeed.SIGNATURE_HEADER))) {
                return Response.json(401, "{\"error\":\"bad signature\"}");
            }
            return Response.empty(204);
        }

        List<Ticket> tickets() {
            return requests().stream().map(r -> TicketJson.read(r.body().getBytes(StandardCharsets.UTF_8))).toList();
        }
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void postsTheTicketSignedOverTimestampAndBody() {
        Ticket ticket = Samples.composer().violation(Samples.violation(MG001), Optional.empty());

        feed.send(ticket);

        FakeApi.Request post = receiver.requests().get(0);
        assertEquals("POST /hooks/tickets", post.method() + " " + post.path());
        assertEquals("application/json", post.header("Content-Type"));
        assertEquals(String.valueOf(Samples.CLOCK.instant().getEpochSecond()), post.header("X-Metadata-Guard-Timestamp"));
        assertEquals("sha256=" + hmac(FakeApi.SECRET, post.header("X-Metadata-Guard-Timestamp") + "." + post.body()),
                post.header("X-Metadata-Guard-Signature"));
        assertEquals(new String(TicketRenderer.json(ticket), StandardCharsets.UTF_8), post.body());
    }

    @Test
    void everyChangeSendsTheWholeTicketAsItStandsAfterIt() {
        TicketDesk desk = Samples.desk(sink);
        Decision decision = Samples.violation(MG001);

        desk.apply(Samples.evaluated(decision));
        desk.apply(Samples.remediated(decision, Samples.replacementCreated()));
        desk.apply(Samples.compliantAt(Samples.CREATED.plusSeconds(3600)));

        List<Ticket> sent = receiver.tickets();
        assertEquals(List.of(Ticket.Status.OPEN, Ticket.Status.OPEN, Ticket.Status.RESOLVED),
                sent.stream().map(Ticket::status).toList());
        assertEquals(List.of(Samples.replacementCreated()), sent.get(1).outcomes());
        assertEquals(sent.get(0).resourceKey(), sent.get(2).resourceKey());
    }

    @Test
    void aRedeliveredViolationIsSentAgainIdenticalForTheReceiverToUpsert() {
        TicketDesk desk = Samples.desk(sink);

        desk.apply(Samples.evaluated(Samples.violation(MG001)));
        desk.apply(Samples.evaluated(Samples.violation(MG001)));

        assertEquals(receiver.requests().get(0).body(), receiver.requests().get(1).body());
    }

    @Test
    void aRefusedSignatureIsPermanentAndSaysWhichSecretToCheck() {
        WebhookFeed wrongKey = new WebhookFeed(URI.create(receiver.url() + "/hooks/tickets"),
                Secret.fromEnvironment(Map.of("K", "old-key")::get, "K", "t"), FakeApi.transport(Samples.CLOCK, waits));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> wrongKey.send(ticket()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("webhook.post: HTTP 401 from 127.0.0.1: the credentials were refused; check that"
                + " MG_WEBHOOK_SECRET holds the key the receiver verifies signatures with", failure.getMessage());
    }

    @Test
    void aBadRequestIsPermanentAndNotRetried() {
        receiver.failNext(1, FakeApi.Response.json(400, "{\"error\":\"unknown field\"}"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> feed.send(ticket()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals(1, receiver.requests().size());
    }

    @Test
    void unavailableThenUpIsRetried() {
        receiver.failNext(1, FakeApi.Response.json(503, "{}"));

        feed.send(ticket());

        assertEquals(2, receiver.requests().size());
        assertEquals(List.of(Duration.ofMillis(500)), waits);
    }

    @Test
    void aRateLimitWaitsAsLongAsRetryAfterSays() {
        receiver.failNext(2, new FakeApi.Response(429, Map.of("Retry-After", "2"), ""));

        feed.send(ticket());

        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), waits);
    }

    @Test
    void aRetryAfterDateIsHonouredToo() {
        receiver.failNext(1, new FakeApi.Response(503, Map.of("Retry-After", "Sat, 28 Nov 2026 12:00:09 GMT"), ""));

        feed.send(ticket());

        assertEquals(List.of(Duration.ofSeconds(9)), waits);
    }

    private static Ticket ticket() {
        return Samples.composer().violation(Samples.violation(MG001), Optional.empty());
    }

    static String hmac(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
