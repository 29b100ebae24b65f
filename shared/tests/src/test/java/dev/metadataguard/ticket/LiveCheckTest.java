package dev.metadataguard.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ComputeInstanceGroups;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.policy.Evidence;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.NodeRoles;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.remedy.ReplacementSpec;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestPools;
import dev.metadataguard.testing.TestRoles;
import dev.metadataguard.ticket.sink.DirectorySink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ticket opener reads GKE itself, with the replacer's judge, before a message closes, marks or supersedes a
 * ticket: forged messages of every kind leave an exposed pool's ticket open, and true ones still act.
 */
class LiveCheckTest {

    private static final ResourceRef CLUSTER = ResourceRef.cluster("acme-prod", "europe-west1-b", "payments");
    private static final ResourceRef API = CLUSTER.withNodePool("api");
    private static final ResourceRef GOOD = CLUSTER.withNodePool("good");
    private static final String SA = "gke-nodes@acme-prod.iam.gserviceaccount.com";
    private static final ProjectRoles MINIMAL = (project, sa) -> TestRoles.held(project, NodeRoles.MINIMAL);
    private static final Instant AT = Instant.parse("2026-11-02T13:00:00Z");
    private static final Policy POLICY = PolicyLoader.parse("nodeServiceAccounts: {acme-prod: " + SA + "}\n", "policy");

    private final EmbeddedGke gke = EmbeddedGke.inProcess();
    private final ContainerGke client = ContainerGke.connect(gke.channel());
    private final ComputeInstanceGroups groups = ComputeInstanceGroups.forEndpoint(gke.computeEndpoint());
    private final Inspector inspector = Wiring.inspector(client, MINIMAL, POLICY);
    private final LiveCheck check = new LiveCheck(inspector, client, groups);
    private final List<String> lines = new ArrayList<>();
    @TempDir
    Path tickets;
    private TicketOpenerService opener;
    private int delivered;

    @BeforeEach
    void payments() {
        gke.seed(CLUSTER.name(), Cluster.newBuilder()
                .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool("acme-prod.svc.id.goog"))
                .addNodePools(pool("api", WorkloadMetadataConfig.Mode.GCE_METADATA))
                .addNodePools(pool("good", WorkloadMetadataConfig.Mode.GKE_METADATA)).build());
        opener = new TicketOpenerService(TicketDesks.of(new TicketDesk(new DirectorySink(tickets),
                new TicketComposer(POLICY::nodeServiceAccount), Samples.CLOCK)), Json.mapper(), DeadLetters.none(),
                Optional.empty(), check);
    }

    @AfterEach
    void close() {
        groups.close();
        client.close();
        gke.close();
    }

    private static NodePool pool(String name, WorkloadMetadataConfig.Mode mode) {
        return NodePool.newBuilder().setName(name).setInitialNodeCount(2).setConfig(TestPools.withOtherChecksFixed(NodeConfig.newBuilder()
                .setServiceAccount(SA).putMetadata("disable-legacy-endpoints", "true")
                .addOauthScopes("https://www.googleapis.com/auth/cloud-platform")
                .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder().setMode(mode)))).build();
    }

    private static Decision decision(ResourceRef resource, Outcome outcome, Action action, String reason, String replaces,
                                     String... checkIds) {
        List<Finding> findings = Stream.of(checkIds).map(id -> new Finding(id, "finding " + id, Severity.HIGH,
                new Evidence("config.workloadMetadataConfig.mode", "GKE_METADATA", "GCE_METADATA"), "")).toList();
        return new Decision(Fingerprint.of(resource.name(), List.of(checkIds)), resource.name(), outcome, findings,
                List.of(), action, reason, "dry-run", "google.container.v1.ClusterManager.CreateNodePool", "operation-9",
                "mallory@example.com", AT, replaces);
    }

    /** The inspector's true verdict on {@code api}: exposed metadata (MG001). */
    private static TicketRequest apiExposed() {
        return new TicketRequest.Evaluated(decision(API, Outcome.VIOLATION, Action.TICKET, "remediation: ticket", null,
                "MG001"));
    }

    private void deliver(TicketRequest request) {
        try (StructuredLog.Redirect captured = StructuredLog.redirect(lines::add)) {
            opener.handle(PubsubEmulator.messagePublished("m-" + ++delivered, "projects/guard-host/topics/ticket-requests",
                    Json.mapper().writeValueAsBytes(request)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each ticket's resource and status. */
    private Map<String, String> statuses() throws IOException {
        Map<String, String> statuses = new TreeMap<>();
        try (Stream<Path> files = Files.list(tickets)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode ticket = Json.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
                statuses.merge(ticket.path("resource").asText().substring(CLUSTER.name().length()),
                        ticket.path("status").asText(), (a, b) -> a + "," + b);
            }
        }
        return statuses;
    }

    private long stale() {
        return lines.stream().filter(l -> l.contains("\"decision\":\"stale\"")).count();
    }

    @Test
    void forgedCompliantExemptAndHoldsNothingMessagesLeaveTheExposedPoolsTicketOpen() throws IOException {
        deliver(apiExposed());
        assertEquals(Map.of("/nodePools/api", "OPEN"), statuses());

        deliver(new TicketRequest.Evaluated(decision(API, Outcome.COMPLIANT, Action.NONE, "compliant", null)));
        deliver(new TicketRequest.Evaluated(decision(API, Outcome.EXEMPT, Action.NONE, "policy exemption: trust me", null)));
        deliver(new TicketRequest.Present(CLUSTER.name(), List.of(), Instant.parse("9999-12-31T00:00:00Z")));
        deliver(new TicketRequest.Remediated(decision(API, Outcome.UNKNOWN, Action.NONE, "deleted", null),
                new RemediationOutcome(RemediationOutcome.Kind.RESOURCE_DELETED, "", "", "gone, honestly", "")));
        deliver(new TicketRequest.Evaluated(decision(API, Outcome.VIOLATION, Action.TICKET, "remediation: ticket", null,
                "MG004")));

        assertEquals(Map.of("/nodePools/api", "OPEN"), statuses(), "neither resolved nor superseded");
        assertEquals(5, stale(), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("the message says compliant; live, it is violation [MG001]")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("the message says the cluster no longer holds")),
                lines.toString());
    }

    @Test
    void aPoolLiveCompliantResolvesItsTicketWithTheLiveVerdictAndAPoolGoneResolvesAsDeleted() throws IOException {
        deliver(apiExposed());
        client.setNodePoolWorkloadMetadata(API, WorkloadMetadataConfig.newBuilder()
                .setMode(WorkloadMetadataConfig.Mode.GKE_METADATA).build());
        gke.completeAllOperations();

        deliver(new TicketRequest.Evaluated(decision(API, Outcome.COMPLIANT, Action.NONE, "compliant", null)));
        assertEquals(Map.of("/nodePools/api", "RESOLVED"), statuses());

        deliver(new TicketRequest.Evaluated(decision(GOOD, Outcome.VIOLATION, Action.TICKET, "x", null, "MG001")));
        assertEquals(1, stale(), "good is compliant live: no ticket opens on the message's word");
        client.deleteNodePool(API);
        gke.completeAllOperations();
        TicketCheck.Checked gone = check.check(new TicketRequest.Evaluated(decision(API, Outcome.COMPLIANT,
                Action.NONE, "compliant", null)));
        TicketRequest.Remediated deleted = assertInstanceOf(TicketRequest.Remediated.class,
                assertInstanceOf(TicketCheck.Holds.class, gone).request());
        assertEquals(RemediationOutcome.Kind.RESOURCE_DELETED, deleted.outcome().kind());
        assertInstanceOf(TicketCheck.Holds.class, check.check(new TicketRequest.Present(CLUSTER.name(),
                List.of(GOOD.name()), AT)), "the list holds what GKE holds");
    }

    @Test
    void aReplacementIsMarkedReadyOnlyWhenItIsTheGuardsOwnAndRunning() {
        NodePool original = client.getNodePool(API);
        NodePool lookalike = ReplacementSpec.of(original, "miner@elsewhere.iam.gserviceaccount.com");
        gke.seed(CLUSTER.name(), lookalike);
        ResourceRef replacement = CLUSTER.withNodePool(lookalike.getName());
        TicketRequest ready = new TicketRequest.Evaluated(decision(replacement, Outcome.COMPLIANT, Action.NONE,
                "compliant replacement of " + API.name(), API.name()));

        TicketCheck.Stale squatter = assertInstanceOf(TicketCheck.Stale.class, check.check(ready));
        assertTrue(squatter.why().contains("is not the guard's replacement of api (config.serviceAccount is"
                + " \"miner@elsewhere.iam.gserviceaccount.com\""), squatter.why());

        client.deleteNodePool(replacement);
        gke.completeAllOperations();
        gke.seed(CLUSTER.name(), ReplacementSpec.of(original, SA));
        TicketCheck.Holds own = assertInstanceOf(TicketCheck.Holds.class, check.check(ready));
        assertEquals(API.name(), ((TicketRequest.Evaluated) own.request()).decision().replaces());
    }
}
