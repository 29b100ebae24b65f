package dev.metadataguard.pubsub;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.text.Inert;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How every function ends a delivered message, the part its service does not decide. A failure a retry can
 * fix (a classified {@link ApiFailure} whose kind is retryable) is logged and thrown, so Pub/Sub redelivers
 * (and after its attempts, dead-letters); so is work still {@link InProgress} when the delivery's time is up,
 * logged as one line saying what is under way. Everything else is acknowledged: a permanent failure or an
 * unreadable part is refused, and any other exception, a bug of the guard's, is one guard-failure report
 * besides. Whatever went wrong, a message gives at most one dead letter, on the function's own
 * {@link DeadLetters} topic, and each problem in it one log line.
 */
public final class Delivery {

    /** Problems logged one line each; a message holding more (an array of junk) gets one line for the rest. */
    static final int LOGGED_PROBLEMS = 20;

    private final StructuredLog log;
    private final DeadLetters deadLetters;
    private final FailureReport failures;

    public Delivery(StructuredLog log, DeadLetters deadLetters, FailureReport failures) {
        this.log = log;
        this.deadLetters = deadLetters;
        this.failures = failures;
    }

    /** A step that may fail with a classified {@link ApiFailure}, or with anything else. */
    public interface Step {
        void run();
    }

    /** What a service does with one message, through {@link Message} for each part it acts on. */
    public interface Body {
        void handle(Message message);
    }

    /** Handles {@code event} with {@code body}, then ends it: at most one dead letter, thrown only to be retried. */
    public void handle(CloudEvent event, Body body) {
        Message message = new Message(event);
        try {
            body.handle(message);
        } catch (InProgress goingOn) {
            log.notice("in progress", "event", event.getId(), "resource", message.resource, "waiting",
                    goingOn.getMessage());
            throw goingOn;
        } catch (ApiFailure failure) {
            if (failure.kind().retryable()) {
                // Redelivered whole: what this attempt refused is refused again then, and dead-lettered once.
                log.warning("will retry", "event", event.getId(), "resource", message.resource,
                        "failure", failure.kind().name(), "reason", failure.getMessage());
                throw failure;
            }
            message.refused(message.resource, failure);
        } catch (RuntimeException bug) {
            message.failed(message.resource, bug);
        }
        message.end();
    }

    /** One delivered message, and what went wrong with it so far. */
    public final class Message {
        private final CloudEvent event;
        private final List<Problem> problems = new ArrayList<>();
        private Optional<Problem> failure = Optional.empty();
        private String resource = "";

        private Message(CloudEvent event) {
            this.event = event;
        }

        /**
         * Runs {@code step} for {@code resource}: a retryable failure, or work still in progress, escapes (the whole
         * message is delivered again), a permanent failure and any other exception are recorded for the message's
         * one dead letter.
         */
        public void run(String resource, Step step) {
            this.resource = resource;
            try {
                step.run();
            } catch (InProgress goingOn) {
                throw goingOn;
            } catch (ApiFailure failure) {
                if (failure.kind().retryable()) {
                    throw failure;
                }
                refused(resource, failure);
            } catch (RuntimeException bug) {
                failed(resource, bug);
            }
        }

        /**
         * Refuses a part no retry can fix.
         *
         * @param decision what became of it, for the log line: {@code malformed} or {@code refused}
         * @param fix      what to do about it
         */
        public void refuse(String resource, String decision, String reason, String fix) {
            problems.add(new Problem(resource, decision, reason, fix));
        }

        private void refused(String resource, ApiFailure failure) {
            refuse(resource, "refused", failure.kind().name() + ": " + failure.getMessage(),
                    "fix the cause, then replay the dead letter");
        }

        /** A bug: its class and clipped message, and where it was thrown, never the whole stack. */
        private void failed(String resource, RuntimeException bug) {
            Problem problem = new Problem(resource, "failed", bug.getClass().getName() + ": "
                    + Inert.value(String.valueOf(bug.getMessage())), "the guard failed on this message (thrown at "
                    + thrownAt(bug) + "); its guard-failure ticket says what to do, then replay the dead letter");
            problems.add(problem);
            if (failure.isEmpty()) {
                failure = Optional.of(problem);
            }
        }

        private void end() {
            if (problems.isEmpty()) {
                return;
            }
            String reason = problems.size() == 1 ? problems.get(0).reason()
                    : problems.size() + " problems: " + problems.stream().map(Problem::reason)
                            .collect(Collectors.joining("; "));
            boolean parked = deadLetters.park(event, reason);
            for (Problem p : problems.subList(0, Math.min(problems.size(), LOGGED_PROBLEMS))) {
                if (parked) {
                    log.error("dead-lettered", "event", event.getId(), "resource", p.resource(), "decision",
                            p.decision(), "reason", p.reason(), "fix", p.fix(), "topic", deadLetters.topic().orElseThrow());
                } else {
                    log.error("dead letter kept only in this line: no dead-letter topic is set", "event", event.getId(),
                            "resource", p.resource(), "decision", p.decision(), "reason", p.reason(), "fix", p.fix(),
                            "data", DeadLetters.loggable(event));
                }
            }
            if (problems.size() > LOGGED_PROBLEMS) {
                log.error("dead-lettered", "event", event.getId(), "decision", "malformed", "reason",
                        (problems.size() - LOGGED_PROBLEMS) + " more problems in the same message, each in the dead"
                                + " letter's reason as far as it goes");
            }
            failure.ifPresent(this::report);
        }

        private void report(Problem bug) {
            try {
                failures.report(bug.resource(), bug.reason());
            } catch (RuntimeException unreported) {
                // The dead letter and its line already hold the failure: the message is still acknowledged.
                log.error("guard failure not reported", "event", event.getId(), "resource", bug.resource(),
                        "reason", unreported.getClass().getName() + ": " + Inert.value(String.valueOf(unreported.getMessage())));
            }
        }
    }

    private static String thrownAt(RuntimeException bug) {
        StackTraceElement[] trace = bug.getStackTrace();
        return trace.length == 0 ? "an unknown place" : trace[0].getClassName() + "." + trace[0].getMethodName()
                + (trace[0].getLineNumber() > 0 ? ":" + trace[0].getLineNumber() : "");
    }

    private record Problem(String resource, String decision, String reason, String fix) {
    }
}
