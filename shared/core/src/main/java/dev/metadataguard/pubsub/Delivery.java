package dev.metadataguard.pubsub;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.log.StructuredLog;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;

/**
 * How every function ends a delivered event, the part its service does not decide: a failure a retry
 * can fix is logged and thrown, so Pub/Sub redelivers (and after its attempts, dead-letters); anything
 * permanent goes to the function's own {@link DeadLetters} at once and is acknowledged. Each ends in
 * exactly one log line.
 */
public final class Delivery {

    private final StructuredLog log;
    private final DeadLetters deadLetters;

    public Delivery(StructuredLog log, DeadLetters deadLetters) {
        this.log = log;
        this.deadLetters = deadLetters;
    }

    /** A step that may fail with a classified {@link ApiFailure}. */
    public interface Step {
        void run();
    }

    /** Runs {@code step} for {@code event}: retryable failures escape, permanent ones are dead-lettered. */
    public void run(CloudEvent event, String resource, Step step) {
        try {
            step.run();
        } catch (ApiFailure failure) {
            if (failure.kind().retryable()) {
                log.warning("will retry", "event", event.getId(), "resource", resource,
                        "failure", failure.kind().name(), "reason", failure.getMessage());
                throw failure;
            }
            deadLetter(event, resource, "refused", failure.kind().name() + ": " + failure.getMessage(),
                    "fix the cause, then replay the dead letter");
        }
    }

    /**
     * Parks the event on the dead-letter topic with {@code reason}: no retry can help it.
     *
     * @param decision what became of the event, for the log line: {@code malformed} or {@code refused}
     * @param fix      what to do about it
     */
    public void deadLetter(CloudEvent event, String resource, String decision, String reason, String fix) {
        if (deadLetters.park(event, reason)) {
            log.error("dead-lettered", "event", event.getId(), "resource", resource, "decision", decision,
                    "reason", reason, "fix", fix, "topic", deadLetters.topic().orElseThrow());
        } else {
            log.error("dead letter kept only in this line: no dead-letter topic is set", "event", event.getId(),
                    "resource", resource, "decision", decision, "reason", reason, "fix", fix,
                    "data", new String(DeadLetters.data(event), StandardCharsets.UTF_8));
        }
    }
}
