package dev.metadataguard.bench;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A small synchronous pull loop on one subscription, standing in for Eventarc's push: each message is
 * handed over, acknowledged once handled, and left for redelivery when the handler throws, as a 500 would.
 */
final class PullLoop implements AutoCloseable {

    /** The emulator holds a pull open until messages come; the deadline only bounds a quiet wait. */
    private static final Duration QUIET_WAIT = Duration.ofSeconds(2);

    private final ManagedChannel channel;
    private final SubscriptionAdminClient client;
    private final String subscription;
    private final Consumer<PubsubMessage> handler;
    private final Thread thread;
    private final LongAdder failures = new LongAdder();
    private volatile boolean running = true;

    PullLoop(String emulatorHost, String subscription, Consumer<PubsubMessage> handler) {
        this.channel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
        try {
            this.client = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                    .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.subscription = subscription;
        this.handler = handler;
        this.thread = new Thread(this::run, "pull " + subscription.substring(subscription.lastIndexOf('/') + 1));
        thread.start();
    }

    /** Messages whose handler threw, left for redelivery. */
    long failures() {
        return failures.sum();
    }

    private void run() {
        PullRequest request = PullRequest.newBuilder().setSubscription(subscription).setMaxMessages(100).build();
        while (running) {
            List<ReceivedMessage> received;
            try {
                received = client.pullCallable().call(request,
                        GrpcCallContext.createDefault().withTimeoutDuration(QUIET_WAIT)).getReceivedMessagesList();
            } catch (ApiException quietOrClosing) {
                continue;
            }
            List<String> handled = new ArrayList<>();
            for (ReceivedMessage message : received) {
                try {
                    handler.accept(message.getMessage());
                    handled.add(message.getAckId());
                } catch (RuntimeException e) {
                    failures.increment();
                }
            }
            if (!handled.isEmpty()) {
                client.acknowledge(subscription, handled);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(QUIET_WAIT.multipliedBy(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        channel.shutdownNow();
    }
}
