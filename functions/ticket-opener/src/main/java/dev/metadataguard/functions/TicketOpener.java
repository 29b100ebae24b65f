package dev.metadataguard.functions;

import com.google.cloud.functions.CloudEventsFunction;
import dev.metadataguard.config.Policy;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.iam.PolicyAnalyzerRoles;
import dev.metadataguard.iam.ResourceManagerRoles;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.runtime.Environment;
import dev.metadataguard.runtime.Lazy;
import dev.metadataguard.runtime.Services;
import dev.metadataguard.ticket.TicketOpenerService;
import dev.metadataguard.ticket.sink.TicketSinks;
import io.cloudevents.CloudEvent;
import java.util.function.Supplier;

/** Consumes {@code ticket-requests} and keeps one ticket per resource and finding set in the configured tracker. */
public final class TicketOpener implements CloudEventsFunction {

    private final Supplier<TicketOpenerService> service;

    public TicketOpener() {
        this(Lazy.of(() -> build(Environment.system())));
    }

    TicketOpener(Supplier<TicketOpenerService> service) {
        this.service = service;
    }

    @Override
    public void accept(CloudEvent event) {
        service.get().handle(event);
    }

    /** The ticket opener's edges: the ticket systems the policy chooses, what it reads live, and Pub/Sub. */
    private static TicketOpenerService build(Environment env) {
        Policy policy = Services.policy(env);
        return Services.ticketOpener(env, policy, TicketSinks.createAll(policy.tickets(), env.variables()::get),
                ContainerGke.fromEnvironment(env), ComputeInstanceGroups.fromEnvironment(env),
                Services.roles(env, ResourceManagerRoles.fromEnvironment(env),
                        (scope, walk) -> PolicyAnalyzerRoles.production(scope, walk, ResourceManagerRoles.cacheTtl(env))),
                PubsubPublisher.fromEnvironment(env.variables()::get));
    }
}
