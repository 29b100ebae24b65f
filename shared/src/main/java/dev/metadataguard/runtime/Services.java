package dev.metadataguard.runtime;

import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyException;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.iam.ResourceManagerRoles;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.ClusterFacts;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.inspect.PubsubDecisionSink;
import dev.metadataguard.policy.PolicyEngine;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.remedy.NodePoolReplacerService;
import dev.metadataguard.sweep.AssetInventoryDiscovery;
import dev.metadataguard.sweep.EstateSweeperService;
import dev.metadataguard.sweep.ListClustersDiscovery;
import dev.metadataguard.remedy.Polling;
import dev.metadataguard.remedy.Replacer;
import dev.metadataguard.ticket.LiveCheck;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketDesks;
import dev.metadataguard.ticket.TicketOpenerService;
import dev.metadataguard.ticket.sink.TicketSinks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.time.Clock;

/** Builds each function's engine from the environment, with the real clients behind every edge. */
public final class Services {

    private Services() {
    }

    public static Policy policy(Environment env) {
        return PolicyLoader.fromEnvironment(env.variables());
    }

    public static Gke gke(Environment env) {
        return env.get(Environment.GKE_ENDPOINT).<Gke>map(ContainerGke::forEndpoint).orElseGet(ContainerGke::production);
    }

    /** The managed instance groups behind node pools, which size a replacement. */
    public static InstanceGroups instanceGroups(Environment env) {
        return env.get(Environment.COMPUTE_ENDPOINT).<InstanceGroups>map(ComputeInstanceGroups::forEndpoint)
                .orElseGet(ComputeInstanceGroups::production);
    }

    public static ProjectRoles roles(Environment env) {
        return env.get(Environment.IAM_POLICY_FILE).<ProjectRoles>map(f -> IamPolicyFile.read(Path.of(f)))
                .orElseGet(() -> ResourceManagerRoles.production(iamCacheTtl(env)));
    }

    /** How long IAM policies and ancestries are kept: {@link Environment#IAM_CACHE_SECONDS}, 5 minutes by default. */
    static Duration iamCacheTtl(Environment env) {
        Optional<String> value = env.get(Environment.IAM_CACHE_SECONDS);
        if (value.isEmpty()) {
            return ResourceManagerRoles.DEFAULT_TTL;
        }
        try {
            long seconds = Long.parseLong(value.get().trim());
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PolicyException("$" + Environment.IAM_CACHE_SECONDS, 0, "not a whole number of seconds",
                "set it to, say, 300, or unset it for " + ResourceManagerRoles.DEFAULT_TTL.toMinutes() + " minutes");
    }

    public static AuditInspectorService auditInspector(Environment env) {
        Policy policy = policy(env);
        MessagePublisher publisher = PubsubPublisher.fromEnvironment(env.variables()::get);
        var sink = new PubsubDecisionSink(ticketRequests(env, publisher),
                new RequestTopic(publisher, Json.mapper(), env.require(Environment.REPLACEMENT_TOPIC, "the replacement-requests topic")));
        return new AuditInspectorService(new EventDecoder(Json.mapper()), inspector(gke(env), roles(env), policy), sink,
                deadLetters(env, publisher), env.get(Environment.INSPECTION_TOPIC));
    }

    /** The one judge: the inspector evaluates events with it, the replacer re-judges requests with it. */
    private static Inspector inspector(Gke gke, ProjectRoles roles, Policy policy) {
        return new Inspector(gke, roles, policy, new PolicyEngine(Checks.ALL), ClusterFacts.NONE);
    }

    public static EstateSweeperService estateSweeper(Environment env) {
        Policy policy = policy(env);
        return new EstateSweeperService(new AssetInventoryDiscovery(AssetInventoryDiscovery.production(),
                env.require(Environment.SWEEP_SCOPE, "the scope to sweep (organizations/N, folders/N or projects/P)")),
                Optional.of(new ListClustersDiscovery(gke(env), policy.projects())), policy,
                PubsubPublisher.fromEnvironment(env.variables()::get), Json.mapper(),
                env.require(Environment.INSPECTION_TOPIC, "the inspection-requests topic"),
                env.get(Environment.SWEEP_REPORT_TOPIC), env.get(Environment.TICKET_TOPIC), Clock.systemUTC(),
                env.get(Environment.DEAD_LETTER_TOPIC));
    }

    public static TicketOpenerService ticketOpener(Environment env) {
        Policy policy = policy(env);
        TicketComposer composer = new TicketComposer(policy::nodeServiceAccount);
        TicketDesks desks = new TicketDesks(TicketSinks.createAll(policy.tickets(), env.variables()::get).stream()
                .map(sink -> new TicketDesk(sink, composer, Clock.systemUTC())).toList());
        MessagePublisher publisher = PubsubPublisher.fromEnvironment(env.variables()::get);
        Gke gke = gke(env);
        // It reads GKE itself, with the replacer's judge, before a message may close or mark a ticket.
        LiveCheck check = new LiveCheck(inspector(gke, roles(env), policy), gke, instanceGroups(env));
        return new TicketOpenerService(desks, Json.mapper(), deadLetters(env, publisher),
                env.get(Environment.INSPECTION_TOPIC).map(topic -> new RequestTopic(publisher, Json.mapper(), topic)),
                check);
    }

    public static NodePoolReplacerService nodePoolReplacer(Environment env) {
        MessagePublisher publisher = PubsubPublisher.fromEnvironment(env.variables()::get);
        Gke gke = gke(env);
        ProjectRoles roles = roles(env);
        return new NodePoolReplacerService(new Replacer(gke, instanceGroups(env), inspector(gke, roles, policy(env)), roles,
                Polling.DEFAULT),
                ticketRequests(env, publisher), Json.mapper(), deadLetters(env, publisher));
    }

    private static RequestTopic ticketRequests(Environment env, MessagePublisher publisher) {
        return new RequestTopic(publisher, Json.mapper(), env.require(Environment.TICKET_TOPIC, "the ticket-requests topic"));
    }

    private static DeadLetters deadLetters(Environment env, MessagePublisher publisher) {
        return new DeadLetters(publisher, env.get(Environment.DEAD_LETTER_TOPIC));
    }
}
