package dev.metadataguard.replay;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.pubsub.PubsubPublisher;
import java.util.function.Function;

/**
 * {@code --topic}: publishes each message as the Log Router sink does, to the emulator when
 * {@code PUBSUB_EMULATOR_HOST} is set, otherwise to Pub/Sub with Application Default Credentials.
 */
final class TopicSender implements Sender {

    private final String topic;
    private final PubsubPublisher publisher;

    TopicSender(String topic, Function<String, String> env) {
        this.topic = topic;
        this.publisher = PubsubPublisher.fromEnvironment(env);
    }

    @Override
    public Answer send(RoutedMessage message) {
        try {
            return new Answer(true, "message " + publisher.publish(topic, message.data(), message.attributes(), ""));
        } catch (ApiFailure failure) {
            return new Answer(false, failure.getMessage());
        }
    }

    @Override
    public void close() {
        publisher.close();
    }
}
