package dev.metadataguard.runtime;

import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.DecisionSink;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.PolicyEngine;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.remedy.Polling;
import dev.metadataguard.remedy.Replacer;
import dev.metadataguard.ticket.LiveCheck;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketSink;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The one place the guard's parts are put together. {@link Services} reads the environment and calls it; the
 * replay, the benchmarks and the tests call it too, each passing its own edges, so what they run is what deploys.
 */
public final class Wiring {

    private Wiring() {
    }

    /** The one judge: the inspector evaluates events with it, the replacer and the ticket opener re-judge with it. */
    public static Inspector inspector(Gke gke, ProjectRoles roles, Policy policy) {
        return inspector(gke, roles, policy, Checks.ALL);
    }

    /** The judge with other checks than the registry's, for a test of the seam a new check plugs into. */
    public static Inspector inspector(Gke gke, ProjectRoles roles, Policy policy, List<Check> checks) {
        return new Inspector(gke, roles, policy, new PolicyEngine(checks));
    }

    /** @param inspectionTopic the topic whose requests may replace; see {@link AuditInspectorService} */
    public static AuditInspectorService auditInspector(Inspector inspector, DecisionSink sink, DeadLetters deadLetters,
                                                       Optional<String> inspectionTopic) {
        return new AuditInspectorService(new EventDecoder(Json.mapper()), inspector, sink, deadLetters, inspectionTopic);
    }

    public static Replacer replacer(Gke gke, InstanceGroups groups, ProjectRoles roles, Policy policy, Polling polling) {
        return new Replacer(gke, groups, inspector(gke, roles, policy), roles, polling);
    }

    /** What the ticket opener reads, with the replacer's judge, before a message may close or mark a ticket. */
    public static LiveCheck liveCheck(Gke gke, InstanceGroups groups, ProjectRoles roles, Policy policy) {
        return new LiveCheck(inspector(gke, roles, policy), gke, groups);
    }

    public static TicketDesk ticketDesk(TicketSink sink, Policy policy) {
        return new TicketDesk(sink, new TicketComposer(policy::nodeServiceAccount), Clock.systemUTC());
    }
}
