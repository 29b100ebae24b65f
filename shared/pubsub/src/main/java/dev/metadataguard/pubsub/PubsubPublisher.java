package dev.metadataguard.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.log.StructuredLog;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Publishes with the google-cloud-pubsub {@link Publisher}: one per topic (and per ordering: messages with
 * an ordering key go through a publisher with message ordering enabled), built on first use and kept,
 * since building one opens channels and threads. The emulator's channel too is built on the first publish:
 * building it loads gRPC and Netty, which an instance that never publishes should not pay for at start.
 */
public final class PubsubPublisher implements MessagePublisher {

    /** The variable the Pub/Sub client libraries and {@code gcloud} use to point at the emulator. */
    public static final String EMULATOR_HOST = "PUBSUB_EMULATOR_HOST";

    static final String CALL = "pubsub.projects.topics.publish";
    private static final StructuredLog LOG = StructuredLog.of("pubsub-publisher");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Optional<String> emulatorHost;
    private ManagedChannel emulator;
    private final Duration timeout;
    private final RetrySettings retry;
    private final ConcurrentMap<Route, Publisher> publishers = new ConcurrentHashMap<>();

    /**
     * @param emulatorHost {@code host:port} of the Pub/Sub emulator, or empty for the real service with
     *                     Application Default Credentials
     * @param timeout      how long one publish may take, retries of UNAVAILABLE and the like included
     */
    public PubsubPublisher(Optional<String> emulatorHost, Duration timeout) {
        this.emulatorHost = emulatorHost;
        this.timeout = timeout;
        this.retry = RetrySettings.newBuilder()
                .setInitialRetryDelayDuration(Duration.ofMillis(100))
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(Duration.ofSeconds(5))
                .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
                .setTotalTimeoutDuration(timeout)
                .build();
    }

    /** Reads {@value #EMULATOR_HOST} through {@code env}; a blank value means the real service. */
    public static PubsubPublisher fromEnvironment(Function<String, String> env) {
        Optional<String> host = Optional.ofNullable(env.apply(EMULATOR_HOST)).filter(h -> !h.isBlank());
        return new PubsubPublisher(host, DEFAULT_TIMEOUT);
    }

    @Override
    public String publish(String topic, byte[] data, Map<String, String> attributes, String orderingKey) {
        Publisher publisher = publishers.computeIfAbsent(new Route(topic, !orderingKey.isEmpty()), this::build);
        ApiFuture<String> sent = publisher.publish(message(data, attributes, orderingKey));
        try {
            // With ordering on, the client retries UNAVAILABLE and the like without end: bound the wait here.
            return await(topic, sent, System.nanoTime() + timeout.toNanos());
        } catch (ApiFailure failure) {
            if (!orderingKey.isEmpty() && sent.isDone()) {
                // After a failure the publisher holds back every later message of that key until resumed.
                publisher.resumePublish(orderingKey);
            }
            throw failure;
        }
    }

    /** Hands every message to the client before waiting, so it sends them in batches, all within the timeout. */
    @Override
    public void publishAll(String topic, List<Message> messages) {
        Publisher publisher = publishers.computeIfAbsent(new Route(topic, false), this::build);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ApiFuture<String>> sent = messages.stream()
                .map(m -> publisher.publish(message(m.data(), m.attributes(), ""))).toList();
        ApiFailure first = null;
        for (ApiFuture<String> one : sent) {
            try {
                await(topic, one, deadline);
            } catch (ApiFailure failure) {
                first = first == null ? failure : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static PubsubMessage message(byte[] data, Map<String, String> attributes, String orderingKey) {
        PubsubMessage.Builder message = PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(data))
                .putAllAttributes(attributes);
        if (!orderingKey.isEmpty()) {
            message.setOrderingKey(orderingKey);
        }
        return message.build();
    }

    /** The server's id for {@code sent}, waited for until {@code deadline} ({@link System#nanoTime}). */
    private String await(String topic, ApiFuture<String> sent, long deadline) {
        try {
            return sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ApiFailure(FailureKind.TRANSIENT, CALL,
                    "no answer from Pub/Sub within " + timeout.toSeconds() + " s publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw PublishFailures.classify(topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(FailureKind.TRANSIENT, CALL, "interrupted while publishing to " + topic, e);
        }
    }

    private Publisher build(Route route) {
        String topic = route.topic();
        try {
            Publisher.Builder builder = Publisher.newBuilder(topic)
                    .setEnableMessageOrdering(route.ordered())
                    .setRetrySettings(retry);
            emulatorHost.ifPresent(host -> builder
                    .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulator(host))))
                    .setCredentialsProvider(NoCredentialsProvider.create()));
            return builder.build();
        } catch (IOException e) {
            throw new ApiFailure(FailureKind.PERMANENT, CALL,
                    "cannot build a publisher for " + topic + " (" + e.getMessage()
                            + "): give the function credentials, or set " + EMULATOR_HOST + " for the emulator", e);
        } catch (IllegalArgumentException e) {
            throw new ApiFailure(FailureKind.PERMANENT, CALL,
                    "'" + topic + "' is not a topic name: expected projects/PROJECT/topics/TOPIC", e);
        }
    }

    /** The one channel every publisher shares when the emulator is used, built on the first publish. */
    private synchronized ManagedChannel emulator(String host) {
        if (emulator == null) {
            emulator = ManagedChannelBuilder.forTarget(host).usePlaintext().build();
        }
        return emulator;
    }

    /**
     * Sends what is still batched, then stops every publisher and the emulator channel. Waits at most the
     * publish timeout: {@link Publisher#shutdown()} waits for every outstanding message, and an ordered one
     * may be retrying without end against an unreachable server.
     */
    @Override
    public void close() {
        List<Thread> stopping = publishers.values().stream()
                .map(publisher -> daemon(publisher::shutdown))
                .toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread thread : stopping) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long unsent = stopping.stream().filter(Thread::isAlive).count();
        if (unsent > 0) {
            LOG.warning("publishers abandoned", "publishers", unsent,
                    "reason", "messages still unsent after " + timeout.toSeconds() + " s");
        }
        publishers.clear();
        synchronized (this) {
            if (emulator != null) {
                emulator.shutdownNow();
            }
        }
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "pubsub-publisher-shutdown");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private record Route(String topic, boolean ordered) {
    }
}
