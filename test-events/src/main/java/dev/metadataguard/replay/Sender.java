package dev.metadataguard.replay;

import java.util.function.Function;

/** Where {@code --url} and {@code --topic} deliver each entry, and what the far end answered. */
interface Sender extends AutoCloseable {

    /** @param text the HTTP status or the message id, or why the delivery failed */
    record Answer(boolean ok, String text) {
    }

    Answer send(RoutedMessage message);

    @Override
    default void close() {
    }

    /** @param env the environment, for {@code PUBSUB_EMULATOR_HOST} */
    static Sender of(ReplayOptions.Target target, Function<String, String> env) {
        if (target instanceof ReplayOptions.Target.Function function) {
            return new FunctionSender(function.url(), function.token());
        }
        return new TopicSender(((ReplayOptions.Target.Topic) target).name(), env);
    }
}
