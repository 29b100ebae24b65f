package dev.metadataguard.ticket.sink;

import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.Ticket.Resolution;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketRenderer;
import dev.metadataguard.ticket.TicketSink;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the whole ticket as JSON after every change, signed so the receiver can trust it:
 * {@code X-Metadata-Guard-Timestamp} (unix seconds) and {@code X-Metadata-Guard-Signature:
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">} keyed with {@code MG_WEBHOOK_SECRET}. A receiver should
 * recompute the signature, compare it in constant time, and refuse timestamps more than a few minutes off.
 *
 * <p>A webhook cannot be asked about tickets, so this sink keeps no state ({@link #remembers()} is false):
 * the receiver upserts by {@code fingerprint} and closes every ticket of a {@code resourceKey} that
 * arrives resolved.
 */
public final class WebhookSink implements TicketSink {

    static final String NAME = "webhook";
    static final String SECRET_VARIABLE = "MG_WEBHOOK_SECRET";
    static final String TIMESTAMP_HEADER = "X-Metadata-Guard-Timestamp";
    static final String SIGNATURE_HEADER = "X-Metadata-Guard-Signature";

    private final URI url;
    private final SinkHttp http;
    private final Secret key;
    private final HttpTransport transport;

    WebhookSink(URI url, Secret key, HttpTransport transport) {
        this.url = url;
        this.key = key;
        this.transport = transport;
        this.http = new SinkHttp(transport, new SinkHttp.Advice(
                "check that " + SECRET_VARIABLE + " holds the key the receiver verifies signatures with",
                "check that " + SECRET_VARIABLE + " holds the key the receiver verifies signatures with",
                "check tickets.webhook.url"), key);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean remembers() {
        return false;
    }

    @Override
    public List<TicketRecord> find(String key) {
        return List.of();
    }

    @Override
    public TicketRecord create(Ticket ticket) {
        post(ticket);
        return new TicketRecord(ticket.fingerprint(), ticket.fingerprint(), ticket.isOpen(), Optional.empty(),
                ticket.outcomeKeys(), Optional.empty());
    }

    @Override
    public void addOutcome(TicketRecord existing, Ticket after, RemediationOutcome outcome) {
        post(after);
    }

    @Override
    public void resolve(TicketRecord existing, Ticket after, Resolution resolution) {
        post(after);
    }

    @Override
    public void reopen(TicketRecord existing, Ticket after, Instant seenAgain) {
        post(after);
    }

    private void post(Ticket ticket) {
        byte[] body = TicketRenderer.json(ticket);
        String timestamp = Long.toString(transport.clock().instant().getEpochSecond());
        http.send("webhook.post", http.request(url)
                .header("Content-Type", "application/json")
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, "sha256=" + sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    private String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
