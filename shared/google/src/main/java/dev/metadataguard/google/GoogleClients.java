package dev.metadataguard.google;

import com.google.api.core.ApiFunction;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.api.gax.rpc.UnaryCallSettings;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;

/** How the guard configures every Google client library it uses. */
public final class GoogleClients {

    /** How long one call may take before the delivery gives up on it (and Pub/Sub retries). */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private GoogleClients() {
    }

    /**
     * One attempt per call, bounded by {@code deadline}: a failed delivery is retried by Pub/Sub with
     * backoff, so client retries would only multiply the wait.
     */
    public static ApiFunction<UnaryCallSettings.Builder<?, ?>, Void> noRetries(Duration deadline) {
        return method -> {
            method.setSimpleTimeoutNoRetriesDuration(deadline);
            return null;
        };
    }

    /** A plaintext gRPC channel to {@code host:port}: only for a local server (embedded GKE, test fakes). */
    @SuppressWarnings("rawtypes") // gax's channel configurator takes the raw ManagedChannelBuilder
    public static TransportChannelProvider plaintext(String hostAndPort) {
        return InstantiatingGrpcChannelProvider.newBuilder()
                .setEndpoint(hostAndPort)
                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                .build();
    }
}
