package dev.metadataguard.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.metadataguard.runtime.Environment;
import dev.metadataguard.runtime.Lazy;
import dev.metadataguard.runtime.Services;
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
        this(Lazy.of(() -> Services.estateSweeper(Environment.system())));
    }

    EstateSweeper(Supplier<EstateSweeperService> service) {
        this.service = service;
    }

    @Override
    public void accept(CloudEvent event) {
        service.get().handle(event);
    }
}
