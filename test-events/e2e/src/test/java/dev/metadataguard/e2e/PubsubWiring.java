package dev.metadataguard.e2e;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.Duration;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The deployment's Pub/Sub layout in the emulator, as {@code terraform/pubsub.tf} and Eventarc lay it
 * out: each topic with a {@code -dead-letter} topic, and the subscription that delivers to a function
 * with a retry policy and a dead-letter policy (the emulator implements both). Names carry a run id,
 * so a suite can run again against a long-lived emulator.
 */
final class PubsubWiring implements AutoCloseable {

    static final String PROJECT = "guard-host";
    /** Pub/Sub's own minimum is 5 attempts; the Terraform default is the same. */
    static final int MAX_DELIVERY_ATTEMPTS = 5;
    private static final Duration MIN_BACKOFF = Duration.newBuilder().setNanos(200_000_000).build();
    private static final Duration MAX_BACKOFF = Duration.newBuilder().setSeconds(1).build();

    private final ManagedChannel channel;
    private final TopicAdminClient topics;
    private final SubscriptionAdminClient subscriptions;
    private final String run;

    PubsubWiring(String emulatorHost, String run) {
        this.channel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
        this.run = run;
        TransportChannelProvider channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
        try {
            topics = TopicAdminClient.create(TopicAdminSettings.newBuilder().setTransportChannelProvider(channels)
                    .setCredentialsProvider(NoCredentialsProvider.create()).build());
            subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                    .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A topic and its dead-letter topic; returns the topic's full name. */
    String topic(String name) {
        topics.createTopic(topicName(name));
        topics.createTopic(deadLetterTopic(topicName(name)));
        return topicName(name);
    }

    /** The subscription Eventarc makes for a function's trigger, dead-lettering after the maximum attempts. */
    String pushSubscription(String topic, String function) {
        String name = "projects/" + PROJECT + "/subscriptions/eventarc-" + function + "-" + run;
        subscriptions.createSubscription(Subscription.newBuilder()
                .setName(name)
                .setTopic(topic)
                .setAckDeadlineSeconds(60)
                .setRetryPolicy(RetryPolicy.newBuilder().setMinimumBackoff(MIN_BACKOFF).setMaximumBackoff(MAX_BACKOFF))
                .setDeadLetterPolicy(DeadLetterPolicy.newBuilder().setDeadLetterTopic(deadLetterTopic(topic))
                        .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS))
                .build());
        return name;
    }

    /** A plain subscription for the test to read a topic with (the dead letters). */
    String tap(String topic) {
        String name = "projects/" + PROJECT + "/subscriptions/tap-" + topic.substring(topic.lastIndexOf('/') + 1);
        subscriptions.createSubscription(Subscription.newBuilder().setName(name).setTopic(topic)
                .setAckDeadlineSeconds(60).build());
        return name;
    }

    /** What is waiting on {@code subscription} now, acknowledged. */
    List<ReceivedMessage> drain(String subscription) {
        List<ReceivedMessage> messages = pull(subscription, 100);
        if (!messages.isEmpty()) {
            acknowledge(subscription, messages.stream().map(ReceivedMessage::getAckId).toList());
        }
        return messages;
    }

    @SuppressWarnings("deprecation") // returnImmediately: a bridge polls, it must not park in a pull
    List<ReceivedMessage> pull(String subscription, int max) {
        return subscriptions.pull(PullRequest.newBuilder().setSubscription(subscription).setMaxMessages(max)
                .setReturnImmediately(true).build()).getReceivedMessagesList();
    }

    void acknowledge(String subscription, List<String> ackIds) {
        subscriptions.acknowledge(subscription, ackIds);
    }

    /** Makes the message available again at once, subject to the subscription's retry policy. */
    void nack(String subscription, String ackId) {
        subscriptions.modifyAckDeadline(subscription, List.of(ackId), 0);
    }

    static String deadLetterTopic(String topic) {
        return topic + "-dead-letter";
    }

    private String topicName(String name) {
        return "projects/" + PROJECT + "/topics/" + name + "-" + run;
    }

    @Override
    public void close() {
        topics.close();
        subscriptions.close();
        channel.shutdownNow();
    }
}
