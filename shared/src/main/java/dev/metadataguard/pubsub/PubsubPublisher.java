package dev.metadataguard.pubsub;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes with the google-cloud-pubsub {@link Publisher}: one per topic, built on first use and kept,
 * since building one opens channels and threads. Ordering is enabled on every publisher, so a message
 * with an ordering key is delivered in order and one without is unaffected.
 */
public final class PubsubPublisher implements MessagePublisher {

    /** The variable the Pub/Sub client libraries and {@code gcloud} use to point at the emulator. */
    public static final String EMULATOR_HOST = "PUBSUB_EMULATOR_HOST";

    static final String CALL = "pubsub.projects.topics.publish";
    private static final Logger LOG = Logger.getLogger(PubsubPublisher.class.getName());
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Optional<ManagedChannel> emulator;
    private final RetrySettings retry;
    private final ConcurrentMap<String, Publisher> publishers = new ConcurrentHashMap<>();
    private final Duration timeout;

    /**
     * @param emulatorHost {@code host:port} of the Pub/Sub emulator, or empty for the real service with
     *                     Application Default Credentials
     * @param timeout      how long one publish may take, retries of UNAVAILABLE and the like included
     */
    public PubsubPublisher(Optional<String> emulatorHost, Duration timeout) {
        this.timeout = timeout;
        this.emulator = emulatorHost.map(host -> ManagedChannelBuilder.forTarget(host).usePlaintext().build());
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
        Publisher publisher = publisherFor(topic);
        PubsubMessage.Builder message = PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(data))
                .putAllAttributes(attributes);
        if (!orderingKey.isEmpty()) {
            message.setOrderingKey(orderingKey);
        }
        try {
            // The client's own total timeout does not bound a channel that never connects: bound it here.
            return publisher.publish(message.build()).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!orderingKey.isEmpty()) {
                publisher.resumePublish(orderingKey);
            }
            throw new ApiFailure(FailureKind.TRANSIENT, CALL, "no answer from Pub/Sub within " + timeout
                    + " publishing to " + topic, e);
        } catch (ExecutionException e) {
            if (!orderingKey.isEmpty()) {
                // After a failure the publisher holds back every later message of that key until resumed.
                publisher.resumePublish(orderingKey);
            }
            throw PublishFailures.classify(topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(FailureKind.TRANSIENT, CALL, "interrupted while publishing to " + topic, e);
        }
    }

    private Publisher publisherFor(String topic) {
        return publishers.computeIfAbsent(topic, this::build);
    }

    private Publisher build(String topic) {
        try {
            Publisher.Builder builder = Publisher.newBuilder(topic)
                    .setEnableMessageOrdering(true)
                    .setRetrySettings(retry);
            emulator.ifPresent(channel -> builder
                    .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
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

    /** Sends what is still batched, then stops every publisher and the emulator channel. */
    @Override
    public void close() {
        for (Publisher publisher : publishers.values()) {
            publisher.shutdown();
            try {
                publisher.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.log(Level.WARNING, "interrupted while shutting down the publisher of {0}", publisher.getTopicNameString());
            }
        }
        publishers.clear();
        emulator.ifPresent(ManagedChannel::shutdown);
    }
}
