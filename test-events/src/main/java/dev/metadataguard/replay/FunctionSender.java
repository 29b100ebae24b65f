package dev.metadataguard.replay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --url}: posts each message to a running function (local {@code mvn function:run} or deployed)
 * the way Eventarc delivers from the {@code gke-audit-events} subscription.
 */
final class FunctionSender implements Sender {

    static final String TOPIC = "projects/replay/topics/gke-audit-events";
    static final String SUBSCRIPTION = "projects/replay/subscriptions/replay";
    private static final int ANSWER_WIDTH = 200;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI url;
    private final Optional<BearerToken> token;
    private final String run = Long.toString(System.currentTimeMillis());
    private final AtomicInteger sent = new AtomicInteger();

    FunctionSender(URI url, Optional<BearerToken> token) {
        this.url = url;
        this.token = token;
    }

    @Override
    public Answer send(RoutedMessage message) {
        MessagePublished event = new MessagePublished(TOPIC, SUBSCRIPTION, "replay-" + run + "-" + sent.incrementAndGet(),
                Instant.now(), message.attributes(), message.data());
        // A deployed function may start cold, and one event may take its GKE calls' full deadlines.
        HttpRequest.Builder request = event.request(url).timeout(Duration.ofMinutes(5));
        token.ifPresent(t -> request.header("Authorization", t.header()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() / 100 == 2;
            return new Answer(ok, "HTTP " + response.statusCode() + (ok ? "" : ": " + firstLine(response.body())));
        } catch (IOException e) {
            return new Answer(false, "not delivered to " + url + ": " + redact(String.valueOf(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted before " + url + " answered");
        }
    }

    private String firstLine(String body) {
        String line = redact(body.strip().lines().findFirst().orElse("(empty body)"));
        return line.length() <= ANSWER_WIDTH ? line : line.substring(0, ANSWER_WIDTH - 3) + "...";
    }

    private String redact(String text) {
        return token.map(t -> t.redact(text)).orElse(text);
    }
}
