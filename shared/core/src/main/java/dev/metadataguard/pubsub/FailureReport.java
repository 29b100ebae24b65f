package dev.metadataguard.pubsub;

/**
 * Where a function reports its own failure on a message (an exception nobody classified: a bug of the
 * guard's), besides the message's dead letter, so that a person hears of it: a guard-failure ticket.
 */
@FunctionalInterface
public interface FailureReport {

    /**
     * @param resource what the message was about, empty when that is unknown
     * @param failure  the exception's class and clipped message, never a stack trace
     */
    void report(String resource, String failure);

    /** Reports nowhere: the dead letter and its log line are all there is (local runs, tests). */
    static FailureReport none() {
        return (resource, failure) -> { };
    }
}
