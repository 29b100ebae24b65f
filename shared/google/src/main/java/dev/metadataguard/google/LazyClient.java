package dev.metadataguard.google;

import com.google.api.gax.core.BackgroundResource;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import java.io.IOException;

/**
 * A Google client built on first use, so that constructing an edge costs nothing at cold start and
 * needs no credentials until a call is made. Used by every edge over a Google client library.
 */
public final class LazyClient<C extends BackgroundResource> implements AutoCloseable {

    /** Builds the client; may read credentials. */
    @FunctionalInterface
    public interface Factory<C> {
        C create() throws IOException;
    }

    private final String service;
    private final Factory<C> factory;
    private C client;
    private boolean closed;

    /** {@code service} names the API in the failure raised when the client cannot be built. */
    public LazyClient(String service, Factory<C> factory) {
        this.service = service;
        this.factory = factory;
    }

    /**
     * @throws ApiFailure PERMANENT when the client cannot be built (no or bad credentials)
     */
    public synchronized C get() {
        if (closed) {
            throw new IllegalStateException(service + " client is closed");
        }
        if (client == null) {
            try {
                client = factory.create();
            } catch (IOException e) {
                throw new ApiFailure(FailureKind.PERMANENT, service, "cannot create the client: " + e.getMessage(), e);
            }
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.shutdown();
        }
    }
}
