package dev.metadataguard.bench;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;

/** The baseline of the cold start: a function that does nothing, served by the same invoker. */
public final class EmptyFunction implements CloudEventsFunction {

    @Override
    public void accept(CloudEvent event) {
        // Nothing: what remains is the JVM's and the invoker's own start.
    }
}
