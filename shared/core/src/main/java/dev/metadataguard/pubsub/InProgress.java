package dev.metadataguard.pubsub;

/**
 * The work a message asked for goes on past this delivery's time: nothing failed, nothing is dead-lettered, and
 * the message is not acknowledged, so Pub/Sub delivers it again and the redelivery continues from what it finds.
 * {@link Delivery} logs it as one line and lets it out of the function, which answers 500. It is no error, so it
 * carries no stack trace.
 */
public class InProgress extends RuntimeException {

    /** @param underWay what is still going on, for the log line: "replacement X is PROVISIONING" */
    public InProgress(String underWay) {
        super(underWay, null, false, false);
    }
}
