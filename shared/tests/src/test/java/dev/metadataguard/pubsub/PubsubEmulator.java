package dev.metadataguard.pubsub;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real Google Pub/Sub emulator for tests. Uses {@code PUBSUB_EMULATOR_HOST} when it is set (CI starts
 * the emulator and sets it); otherwise starts {@code gcloud beta emulators pubsub start} once per JVM on a
 * free loopback port and stops it when the JVM exits. A missing emulator fails the test with what to
 * install; it never skips it.
 */
public final class PubsubEmulator {

    public static final String PROJECT = "test-project";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static PubsubEmulator instance;

    private final String host;
    private final TransportChannelProvider channels;

    private PubsubEmulator(String host) {
        this.host = host;
        ManagedChannel channel = ManagedChannelBuilder.forTarget(host).usePlaintext().build();
        this.channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
        Runtime.getRuntime().addShutdownHook(new Thread(channel::shutdownNow));
    }

    /** The shared emulator, started on first use. */
    public static synchronized PubsubEmulator get() {
        if (instance == null) {
            String configured = System.getenv(PubsubPublisher.EMULATOR_HOST);
            instance = new PubsubEmulator(configured != null && !configured.isBlank() ? configured : start());
        }
        return instance;
    }

    /** {@code host:port}, the value {@code PUBSUB_EMULATOR_HOST} takes. */
    public String host() {
        return host;
    }

    /** A publisher that talks to this emulator. */
    public PubsubPublisher publisher() {
        return new PubsubPublisher(Optional.of(host), Duration.ofSeconds(20));
    }

    /** Creates a topic whose name starts with {@code prefix} and is unique, so reruns never collide. */
    public String createTopic(String prefix) {
        String name = "projects/" + PROJECT + "/topics/" + unique(prefix);
        try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build())) {
            topics.createTopic(name);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a pull subscription on {@code topic}, with message ordering when {@code ordered}. */
    public String createSubscription(String topic, boolean ordered) {
        return createSubscription(topic, ordered, 30);
    }

    /**
     * As {@link #createSubscription(String, boolean)}, with the time a pulled message stays with its puller
     * before Pub/Sub delivers it again (10 to 600 s).
     */
    public String createSubscription(String topic, boolean ordered, int ackDeadlineSeconds) {
        String name = "projects/" + PROJECT + "/subscriptions/" + unique("sub");
        try (SubscriptionAdminClient subscriptions = subscriptions()) {
            subscriptions.createSubscription(Subscription.newBuilder()
                    .setName(name)
                    .setTopic(topic)
                    .setAckDeadlineSeconds(ackDeadlineSeconds)
                    .setEnableMessageOrdering(ordered)
                    .build());
            return name;
        }
    }

    /**
     * Pulls and acknowledges until {@code count} messages arrived or {@code timeout} passed. The emulator
     * holds a pull open while there is nothing to deliver, so each pull is bounded by the time left:
     * otherwise expecting no message costs a minute or more.
     */
    public List<ReceivedMessage> pull(String subscription, int count, Duration timeout) {
        List<ReceivedMessage> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (SubscriptionAdminClient subscriptions = subscriptions()) {
            while (received.size() < count && Instant.now().isBefore(deadline)) {
                PullRequest request = PullRequest.newBuilder().setSubscription(subscription)
                        .setMaxMessages(count - received.size()).build();
                Optional<List<ReceivedMessage>> pulled = pull(subscriptions, request, deadline);
                if (pulled.isEmpty()) {
                    break;
                }
                List<ReceivedMessage> batch = pulled.get();
                if (batch.isEmpty()) {
                    sleep(Duration.ofMillis(100));
                } else {
                    subscriptions.acknowledge(subscription, batch.stream().map(ReceivedMessage::getAckId).toList());
                    received.addAll(batch);
                }
            }
        }
        return received;
    }

    /**
     * One pull of at most {@code max} messages, which are NOT acknowledged: they stay with the caller, as with
     * a subscriber that has not finished them, until {@link #acknowledge} or their ack deadline passes. Empty
     * when nothing came within {@code timeout}.
     */
    public List<ReceivedMessage> pullUnacknowledged(String subscription, int max, Duration timeout) {
        try (SubscriptionAdminClient subscriptions = subscriptions()) {
            return pull(subscriptions, PullRequest.newBuilder().setSubscription(subscription).setMaxMessages(max).build(),
                    Instant.now().plus(timeout)).orElse(List.of());
        }
    }

    /** {@code message} as Eventarc hands a pulled message to a function: a {@code messagePublished} CloudEvent. */
    public static CloudEvent delivered(String subscription, ReceivedMessage message) {
        return messagePublished(message.getMessage().getMessageId(), subscription, message.getMessage().getData().toByteArray());
    }

    /** {@code data} published as message {@code id}, as Eventarc hands it to a function from {@code subscription}. */
    public static CloudEvent messagePublished(String id, String subscription, byte[] data) {
        String envelope = "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(data) + "\",\"messageId\":\""
                + id + "\"},\"subscription\":\"" + subscription + "\"}";
        return CloudEventBuilder.v1().withId(id).withType("google.cloud.pubsub.topic.v1.messagePublished")
                .withSource(URI.create("//pubsub.googleapis.com/" + subscription))
                .withData(envelope.getBytes(StandardCharsets.UTF_8)).build();
    }

    public void acknowledge(String subscription, ReceivedMessage message) {
        try (SubscriptionAdminClient subscriptions = subscriptions()) {
            subscriptions.acknowledge(subscription, List.of(message.getAckId()));
        }
    }

    /** What the emulator gave by {@code deadline}; empty when the pull timed out. */
    private static Optional<List<ReceivedMessage>> pull(SubscriptionAdminClient subscriptions, PullRequest request,
                                                        Instant deadline) {
        try {
            return Optional.of(subscriptions.pullCallable().call(request, GrpcCallContext.createDefault()
                    .withTimeoutDuration(Duration.between(Instant.now(), deadline))).getReceivedMessagesList());
        } catch (DeadlineExceededException nothingCame) {
            return Optional.empty();
        }
    }

    private SubscriptionAdminClient subscriptions() {
        try {
            return SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                    .setTransportChannelProvider(channels)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    private static String start() {
        int port = freePort();
        String hostPort = "127.0.0.1:" + port;
        List<String> command = List.of("gcloud", "beta", "emulators", "pubsub", "start",
                "--host-port=" + hostPort, "--project=" + PROJECT);
        Path output;
        Process process;
        try {
            output = Files.createTempFile("pubsub-emulator", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("The Pub/Sub emulator is needed and could not be started with `"
                    + String.join(" ", command) + "` (" + e.getMessage() + "). Install the Google Cloud CLI"
                    + " with google-cloud-cli-pubsub-emulator, or start an emulator and set "
                    + PubsubPublisher.EMULATOR_HOST + "=host:port.", e);
        }
        // gcloud starts the emulator as a child JVM: stop the whole tree, or the port stays taken.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }));
        awaitPort(port, process, output, command);
        return hostPort;
    }

    private static void awaitPort(int port, Process process, Path output, List<String> command) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("`" + String.join(" ", command) + "` exited with "
                        + process.exitValue() + " before the emulator answered:\n" + read(output));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(200));
            }
        }
        throw new IllegalStateException("The Pub/Sub emulator did not answer on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s:\n" + read(output));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Pub/Sub emulator", e);
        }
    }
}
