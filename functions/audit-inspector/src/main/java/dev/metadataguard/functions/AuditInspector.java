package dev.metadataguard.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.iam.PolicyAnalyzerRoles;
import dev.metadataguard.iam.ResourceManagerRoles;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.runtime.Environment;
import dev.metadataguard.runtime.Lazy;
import dev.metadataguard.runtime.Services;
import io.cloudevents.CloudEvent;
import java.util.function.Supplier;

/**
 * Receives GKE audit entries (Log Router -> Pub/Sub -> Eventarc, or Eventarc's audit-log trigger),
 * evaluates the created resource and publishes its decisions. Throws only when a retry can help.
 */
public final class AuditInspector implements CloudEventsFunction {

    private final Supplier<AuditInspectorService> service;

    public AuditInspector() {
        this(Lazy.of(() -> build(Environment.system())));
    }

    AuditInspector(Supplier<AuditInspectorService> service) {
        this.service = service;
    }

    @Override
    public void accept(CloudEvent event) {
        service.get().handle(event);
    }

    /** The inspector's edges: GKE, Resource Manager and Cloud Asset Inventory (roles), Pub/Sub. */
    private static AuditInspectorService build(Environment env) {
        return Services.auditInspector(env, ContainerGke.fromEnvironment(env),
                Services.roles(env, ResourceManagerRoles.fromEnvironment(env),
                        (scope, walk) -> PolicyAnalyzerRoles.production(scope, walk, ResourceManagerRoles.cacheTtl(env))),
                PubsubPublisher.fromEnvironment(env.variables()::get));
    }
}
