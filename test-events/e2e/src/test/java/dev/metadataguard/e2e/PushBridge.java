package dev.metadataguard.e2e;

import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.replay.MessagePublished;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Eventarc's push for one trigger: pulls the subscription and posts every message to the function as a
 * binary-mode messagePublished CloudEvent ({@link MessagePublished}, the same request the replay's
 * {@code --url} sends), several at a time as Eventarc does. A 2xx answer acknowledges the message; any
 * other answer nacks it, so the emulator redelivers it after the subscription's backoff and, after its
 * maximum delivery attempts, moves it to the dead-letter topic.
 */
final class PushBridge implements AutoCloseable {

    /** One POST and its answer; {@code status} 0 when the function could not be reached. */
    record Delivery(String messageId, int attempt, int status) {
    }

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);

    private final PubsubWiring pubsub;
    private final String topic;
    private final String subscription;
    private final URI function;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService posts = Executors.newFixedThreadPool(4);
    private final List<Delivery> deliveries = new ArrayList<>();
    /** Nacked and due again: the subscription is not settled while any is. */
    private final Set<String> awaitingRedelivery = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastSettled = new AtomicLong(System.nanoTime());
    private final AtomicLong lastIdlePull = new AtomicLong();
    private final Thread poller;
    private volatile boolean running = true;

    PushBridge(PubsubWiring pubsub, String topic, String subscription, URI function) {
        this.pubsub = pubsub;
        this.topic = topic;
        this.subscription = subscription;
        this.function = function;
        this.poller = new Thread(this::poll, "push-" + subscription.substring(subscription.lastIndexOf('/') + 1));
        poller.setDaemon(true);
        poller.start();
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** When this bridge last acknowledged or nacked a message ({@link System#nanoTime()}). */
    long lastSettled() {
        return lastSettled.get();
    }

    /**
     * True when a pull that started after {@code since} found nothing, with nothing in flight and nothing
     * waiting for redelivery: every message published before {@code since} has been settled.
     */
    boolean idleSince(long since) {
        return lastIdlePull.get() > since;
    }

    private void poll() {
        while (running) {
            long started = System.nanoTime();
            List<ReceivedMessage> batch;
            try {
                batch = pubsub.pull(subscription, 10);
            } catch (RuntimeException e) {
                // Stopping, or the emulator missed a beat: Eventarc too keeps pulling.
                sleep();
                continue;
            }
            if (batch.isEmpty()) {
                if (inFlight.get() == 0 && awaitingRedelivery.isEmpty()) {
                    lastIdlePull.set(started);
                }
                sleep();
                continue;
            }
            for (ReceivedMessage m : batch) {
                inFlight.incrementAndGet();
                posts.execute(() -> deliver(m));
            }
        }
    }

    private void deliver(ReceivedMessage received) {
        PubsubMessage m = received.getMessage();
        Instant published = Instant.ofEpochSecond(m.getPublishTime().getSeconds(), m.getPublishTime().getNanos());
        MessagePublished event = new MessagePublished(topic, subscription, m.getMessageId(), published,
                m.getAttributesMap(), m.getData().toByteArray());
        int status;
        try {
            status = http.send(event.request(function).timeout(FUNCTION_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            deliveries.add(new Delivery(m.getMessageId(), received.getDeliveryAttempt(), status));
        }
        if (status / 100 == 2) {
            pubsub.acknowledge(subscription, List.of(received.getAckId()));
            awaitingRedelivery.remove(m.getMessageId());
        } else {
            // Marked before the nack, so no pull can find the subscription idle in between.
            if (received.getDeliveryAttempt() < PubsubWiring.MAX_DELIVERY_ATTEMPTS) {
                awaitingRedelivery.add(m.getMessageId());
            } else {
                awaitingRedelivery.remove(m.getMessageId());
            }
            pubsub.nack(subscription, received.getAckId());
        }
        lastSettled.set(System.nanoTime());
        inFlight.decrementAndGet();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(TimeUnit.SECONDS.toMillis(5));
            posts.shutdownNow();
            posts.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
