package dev.metadataguard.ticket.sink;

import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketRenderer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the ticket as JSON to a receiver, signed so it can trust it: {@code X-Metadata-Guard-Timestamp}
 * (unix seconds) and {@code X-Metadata-Guard-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}
 * keyed with {@code MG_WEBHOOK_SECRET}. A receiver should recompute the signature, compare it in constant
 * time, and refuse timestamps more than a few minutes off.
 */
final class WebhookFeed implements TicketFeed {

    static final String NAME = "webhook";
    static final String SECRET_VARIABLE = "MG_WEBHOOK_SECRET";
    static final String TIMESTAMP_HEADER = "X-Metadata-Guard-Timestamp";
    static final String SIGNATURE_HEADER = "X-Metadata-Guard-Signature";

    private final URI url;
    private final SinkHttp http;
    private final Secret key;
    private final HttpTransport transport;

    WebhookFeed(URI url, Secret key, HttpTransport transport) {
        this.url = url;
        this.key = key;
        this.transport = transport;
        String checkKey = "check that " + SECRET_VARIABLE + " holds the key the receiver verifies signatures with";
        this.http = new SinkHttp(transport, new SinkHttp.Advice(checkKey, checkKey, "check tickets.webhook.url"), key);
    }

    @Override
    public String send(Ticket ticket) {
        byte[] body = TicketRenderer.json(ticket);
        String timestamp = Long.toString(transport.clock().instant().getEpochSecond());
        http.send("webhook.post", http.request(url)
                .header("Content-Type", "application/json")
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, "sha256=" + sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        return ticket.fingerprint();
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
