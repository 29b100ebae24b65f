package dev.metadataguard.runtime;

import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.PubsubDecisionSink;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.remedy.FunctionTimeout;
import dev.metadataguard.remedy.NodePoolReplacerService;
import dev.metadataguard.remedy.Polling;
import dev.metadataguard.sweep.ClusterDiscovery;
import dev.metadataguard.sweep.EstateSweeperService;
import dev.metadataguard.sweep.ListClustersDiscovery;
import dev.metadataguard.ticket.TicketDesks;
import dev.metadataguard.ticket.TicketOpenerService;
import dev.metadataguard.ticket.TicketSink;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Builds each function's engine from the environment and the edges its function module passes in: the
 * core names no client library, so each function's jar holds only the clients that function calls.
 */
public final class Services {

    private Services() {
    }

    public static Policy policy(Environment env) {
        return PolicyLoader.fromEnvironment(env.variables());
    }

    public static AuditInspectorService auditInspector(Environment env, Gke gke, ProjectRoles roles,
                                                       MessagePublisher publisher) {
        Policy policy = policy(env);
        var sink = new PubsubDecisionSink(ticketRequests(env, publisher),
                new RequestTopic(publisher, Json.mapper(), env.require(Environment.REPLACEMENT_TOPIC, "the replacement-requests topic")));
        return Wiring.auditInspector(Wiring.inspector(gke, roles, policy), sink, deadLetters(env, publisher),
                env.get(Environment.INSPECTION_TOPIC));
    }

    /**
     * Where MG003 reads roles: the IAM Policy Analyzer over {@link Environment#IAM_ANALYSIS_SCOPE} when it is set,
     * falling back to {@code walk}; {@code walk} alone when it is not, or when {@link Environment#IAM_POLICY_FILE}
     * names an export to judge instead.
     *
     * @param walk     the Resource Manager walk (or the export), built by the function's module
     * @param analyzer the analyzer over a scope, falling back to the walk it is given, built by the function's module
     */
    public static ProjectRoles roles(Environment env, ProjectRoles walk,
                                     BiFunction<String, ProjectRoles, ProjectRoles> analyzer) {
        if (env.get(Environment.IAM_POLICY_FILE).isPresent()) {
            return walk;
        }
        return env.get(Environment.IAM_ANALYSIS_SCOPE).map(scope -> analyzer.apply(scope, walk)).orElse(walk);
    }

    /**
     * @param discovery lists the clusters of {@link Environment#SWEEP_SCOPE}; {@code gke} lists them project by
     *                  project when it cannot
     */
    public static EstateSweeperService estateSweeper(Environment env, ClusterDiscovery discovery, Gke gke,
                                                     MessagePublisher publisher) {
        Policy policy = policy(env);
        return new EstateSweeperService(discovery, Optional.of(new ListClustersDiscovery(gke, policy.projects())), policy,
                publisher, Json.mapper(), env.require(Environment.INSPECTION_TOPIC, "the inspection-requests topic"),
                env.get(Environment.SWEEP_REPORT_TOPIC), env.get(Environment.TICKET_TOPIC), Clock.systemUTC(),
                env.get(Environment.DEAD_LETTER_TOPIC));
    }

    /**
     * @param sinks the ticket systems the policy chooses, built by the ticket opener's module
     * @param gke   with {@code groups} and {@code roles}, what it reads to judge a resource before it closes a ticket
     */
    public static TicketOpenerService ticketOpener(Environment env, Policy policy, List<TicketSink> sinks, Gke gke,
                                                   InstanceGroups groups, ProjectRoles roles, MessagePublisher publisher) {
        TicketDesks desks = new TicketDesks(sinks.stream().map(sink -> Wiring.ticketDesk(sink, policy)).toList());
        return new TicketOpenerService(desks, Json.mapper(), deadLetters(env, publisher),
                env.get(Environment.INSPECTION_TOPIC).map(topic -> new RequestTopic(publisher, Json.mapper(), topic)),
                Wiring.liveCheck(gke, groups, roles, policy));
    }

    public static NodePoolReplacerService nodePoolReplacer(Environment env, Gke gke, InstanceGroups groups,
                                                           ProjectRoles roles, MessagePublisher publisher) {
        FunctionTimeout timeout = FunctionTimeout.parse(Environment.FUNCTION_TIMEOUT_SECONDS,
                env.get(Environment.FUNCTION_TIMEOUT_SECONDS));
        return new NodePoolReplacerService(Wiring.replacer(gke, groups, roles, policy(env), Polling.within(timeout)),
                ticketRequests(env, publisher), Json.mapper(), deadLetters(env, publisher));
    }

    private static RequestTopic ticketRequests(Environment env, MessagePublisher publisher) {
        return new RequestTopic(publisher, Json.mapper(), env.require(Environment.TICKET_TOPIC, "the ticket-requests topic"));
    }

    private static DeadLetters deadLetters(Environment env, MessagePublisher publisher) {
        return new DeadLetters(publisher, env.get(Environment.DEAD_LETTER_TOPIC));
    }
}
