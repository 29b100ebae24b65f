package dev.metadataguard.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.runtime.Environment;
import dev.metadataguard.runtime.Lazy;
import dev.metadataguard.runtime.Services;
import dev.metadataguard.sweep.AssetInventoryDiscovery;
import dev.metadataguard.sweep.EstateSweeperService;
import io.cloudevents.CloudEvent;
import java.util.function.Supplier;

/**
 * Consumes {@code sweep-requests} (Cloud Scheduler, or one {@code gcloud pubsub topics publish}) and
 * sends one inspection request per cluster in scope to the inspector.
 */
public final class EstateSweeper implements CloudEventsFunction {

    private final Supplier<EstateSweeperService> service;

    public EstateSweeper() {
        this(Lazy.of(() -> build(Environment.system())));
    }

    EstateSweeper(Supplier<EstateSweeperService> service) {
        this.service = service;
    }

    @Override
    public void accept(CloudEvent event) {
        service.get().handle(event);
    }

    /** The sweeper's edges: Cloud Asset Inventory over its scope, GKE when that is off, Pub/Sub. */
    private static EstateSweeperService build(Environment env) {
        return Services.estateSweeper(env, new AssetInventoryDiscovery(AssetInventoryDiscovery.client(env.get(Environment.ASSET_ENDPOINT)),
                        env.require(Environment.SWEEP_SCOPE, "the scope to sweep (organizations/N, folders/N or projects/P)")),
                ContainerGke.fromEnvironment(env), PubsubPublisher.fromEnvironment(env.variables()::get));
    }
}
