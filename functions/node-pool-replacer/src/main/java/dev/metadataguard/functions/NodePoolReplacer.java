package dev.metadataguard.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.iam.PolicyAnalyzerRoles;
import dev.metadataguard.iam.ResourceManagerRoles;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.remedy.NodePoolReplacerService;
import dev.metadataguard.runtime.Environment;
import dev.metadataguard.runtime.Lazy;
import dev.metadataguard.runtime.Services;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Consumes {@code replacement-requests}: creates a compliant replacement node pool (in enforce mode),
 * idempotently, and reports the outcome to {@code ticket-requests}. Throws only when a retry can help, or when
 * GKE's work goes on past the delivery's time ({@code MG_FUNCTION_TIMEOUT_SECONDS}) and the redelivery continues it.
 */
public final class NodePoolReplacer implements CloudEventsFunction {

    private final Supplier<NodePoolReplacerService> service;

    public NodePoolReplacer() {
        this(Lazy.of(() -> build(Environment.system())));
    }

    NodePoolReplacer(Supplier<NodePoolReplacerService> service) {
        this.service = service;
    }

    /** The delivery's time counts from here, before a cold start builds the service. */
    @Override
    public void accept(CloudEvent event) {
        Instant arrived = Instant.now();
        service.get().handle(event, arrived);
    }

    /**
     * The replacer's edges: GKE, Compute (instance group sizes), Resource Manager and Cloud Asset Inventory (roles),
     * Pub/Sub.
     */
    private static NodePoolReplacerService build(Environment env) {
        return Services.nodePoolReplacer(env, ContainerGke.fromEnvironment(env), ComputeInstanceGroups.fromEnvironment(env),
                Services.roles(env, ResourceManagerRoles.fromEnvironment(env),
                        (scope, walk) -> PolicyAnalyzerRoles.production(scope, walk, ResourceManagerRoles.cacheTtl(env))),
                PubsubPublisher.fromEnvironment(env.variables()::get));
    }
}
