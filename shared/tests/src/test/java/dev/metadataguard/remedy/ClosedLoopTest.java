package dev.metadataguard.remedy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.container.v1.NodePool;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.OperationStatus;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.event.Verb;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.inspect.DecisionRouter;
import dev.metadataguard.inspect.Inspection;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.inspect.RecordingSink;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with the real inspector: a non-compliant pool is replaced, and the replacement's own
 * creation event evaluates compliant, names the pool it replaces (whose ticket records it as ready)
 * and asks for nothing more.
 */
class ClosedLoopTest {

    private static final Policy POLICY = PolicyLoader.parse(ReplacerBed.enforce(""), "closed-loop policy");

    private final EmbeddedGke gke = EmbeddedGke.inProcess();
    private final ContainerGke client = ContainerGke.connect(gke.channel());
    private final IamPolicyFile iam = IamPolicyFile.read(TestEvents.event("iam/acme-prod-iam-policy.json"));
    private final Inspector inspector = Wiring.inspector(client, iam, POLICY);
    private final ComputeInstanceGroups groups = ComputeInstanceGroups.forEndpoint(gke.computeEndpoint());
    private final Replacer replacer = new Replacer(client, groups, inspector, iam, ReplacerBed.FAST);
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void close() {
        groups.close();
        client.close();
        gke.close();
    }

    @Test
    void exposedPoolGetsOneReplacementWhoseCreationClosesTheLoop() {
        seed("01-create-cluster-v1-first-compliant.json");
        AuditEvent exposed = seed("07-create-node-pool-v1-first-exposed-background.json");

        DecisionRouter.route(inspector.inspect(exposed), exposed.verb(), sink);
        assertEquals(1, sink.replacements.size());
        Decision violation = sink.replacements.get(0);
        assertEquals(List.of(new TicketRequest.Evaluated(violation)), sink.tickets,
                "the ticket is opened before the replacer acts, so a replacement that never happens is still seen");
        sink.tickets.clear();
        assertEquals(ExpectedRows.findingsOf("07-create-node-pool-v1-first-exposed-background.json", "batch"),
                violation.findings().stream().map(Finding::checkId).toList());

        List<TicketRequest> outcomes = replacer.replace(violation);
        RemediationOutcome created = ((TicketRequest.Remediated) outcomes.get(0)).outcome();
        assertEquals(RemediationOutcome.Kind.REPLACEMENT_CREATED, created.kind());
        gke.completeAllOperations();
        ResourceRef replacement = ResourceRef.parse(created.replacement()).orElseThrow();
        assertEquals(List.of("default-pool", "batch", replacement.nodePool()), client.getCluster(replacement.clusterRef())
                .getNodePoolsList().stream().map(NodePool::getName).toList());

        sink.replacements.clear();
        Inspection own = inspector.inspect(creationOf(replacement, created.operation()));
        DecisionRouter.route(own, Verb.CREATE_NODE_POOL, sink);

        Decision verdict = own.decisions().get(0);
        assertEquals(Outcome.COMPLIANT, verdict.outcome());
        assertEquals(Action.NONE, verdict.action());
        assertEquals(violation.resource(), verdict.replaces());
        assertEquals(List.of(), sink.replacements);
        assertEquals(List.of(new TicketRequest.Evaluated(verdict)), sink.tickets);
        assertEquals(violation.resource(), sink.tickets.get(0).resource(), "it goes to the original's ticket, as ready");
    }

    private AuditEvent seed(String file) {
        AuditEvent event = TestEvents.auditEvent(file);
        gke.seedFromAuditRequest(event.resource().name(), event.request().orElseThrow());
        return event;
    }

    /** The first audit entry of the guard's own CreateNodePool, as the Log Router would pass it on. */
    private static AuditEvent creationOf(ResourceRef pool, String operation) {
        return new AuditEvent("google.container.v1.ClusterManager.CreateNodePool", "v1", Verb.CREATE_NODE_POOL, pool,
                Optional.of(operation), true, false, OperationStatus.OK, "NOTICE",
                Optional.of("node-pool-replacer@guard-host.iam.gserviceaccount.com"), Optional.of(Instant.now()),
                "replacement-insert-1", Optional.empty());
    }
}
