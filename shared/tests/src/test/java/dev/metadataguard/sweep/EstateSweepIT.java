package dev.metadataguard.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.pubsub.v1.ReceivedMessage;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.Json;
import dev.metadataguard.config.Exemption;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.RequestTopic;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.inspect.AuditInspectorService;
import dev.metadataguard.inspect.DecisionSink;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.inspect.PubsubDecisionSink;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.pubsub.PubsubEmulator;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestPools;
import dev.metadataguard.testing.TestRoles;
import dev.metadataguard.pubsub.MessagePublisher;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.LiveCheck;
import dev.metadataguard.ticket.TicketDesks;
import dev.metadataguard.ticket.TicketOpenerService;
import dev.metadataguard.ticket.sink.DirectorySink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estate sweep end to end in one process: Cloud Asset Inventory (in-process AssetService) over an
 * organisation of 3 projects x 4 clusters held by the embedded GKE, the sweeper's fan-out, the inspector
 * reading each cluster through the real client, and the ticket desk over a folder of tickets.
 */
class EstateSweepIT {

    private static final String ORG = "organizations/998877665544";
    private static final List<String> PROJECTS = List.of("acme-prod", "acme-staging", "acme-dev");
    private static final String SA = "gke-nodes@%s.iam.gserviceaccount.com";
    private static final String INSPECTIONS = "projects/guard-host/topics/inspection-requests";
    private static final String REPORTS = "projects/guard-host/topics/sweep-reports";
    private static final String TICKETS = "projects/guard-host/topics/ticket-requests";

    private static final String REPLACEMENTS = "projects/guard-host/topics/replacement-requests";

    private final EmbeddedGke gke = EmbeddedGke.inProcess();
    private final ContainerGke client = ContainerGke.connect(gke.channel());
    private final dev.metadataguard.gke.ComputeInstanceGroups groups =
            dev.metadataguard.gke.ComputeInstanceGroups.forEndpoint(gke.computeEndpoint());
    private ClusterManagerClient lister;
    private EmbeddedAssetService assets;
    /** Clusters GKE holds that Cloud Asset Inventory has not indexed yet. */
    private final Set<ResourceRef> notYetIndexed = new HashSet<>();
    private final Recorder published = new Recorder();
    /** The pools the sweeps asked the replacer to replace, in order. */
    private final List<String> replacementsAsked = new ArrayList<>();
    @TempDir
    Path tickets;

    /** Keeps what would have been published, by topic. */
    private static final class Recorder implements MessagePublisher {
        final List<Map.Entry<String, byte[]>> messages = new ArrayList<>();

        @Override
        public synchronized String publish(String topic, byte[] data, Map<String, String> attributes, String key) {
            messages.add(Map.entry(topic, data));
            return Integer.toString(messages.size());
        }

        synchronized List<byte[]> take(String topic) {
            List<byte[]> taken = messages.stream().filter(m -> m.getKey().equals(topic)).map(Map.Entry::getValue).toList();
            messages.removeIf(m -> m.getKey().equals(topic));
            return taken;
        }
    }

    @BeforeEach
    void estate() throws IOException {
        lister = ClusterManagerClient.create(ClusterManagerSettings.newBuilder()
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(gke.channel())))
                .build());
        assets = EmbeddedAssetService.inProcess(project -> lister.listClusters("projects/" + project + "/locations/-")
                .getClustersList().stream()
                .map(c -> ResourceRef.parse(c.getSelfLink().replaceFirst("^https://container.googleapis.com/v1/", ""))
                        .orElseGet(() -> ResourceRef.cluster(project, c.getLocation(), c.getName())))
                .filter(c -> !notYetIndexed.contains(c))
                .toList());
        assets.scope(ORG, PROJECTS);
        for (String project : PROJECTS) {
            for (int i = 1; i <= 4; i++) {
                // Each cluster: a compliant pool, and pool "old" failing a different way per cluster.
                gke.seed(cluster(project, i).name(), Cluster.newBuilder().setName("c" + i)
                        .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool(project + ".svc.id.goog"))
                        .addNodePools(pool("good", String.format(SA, project), "GKE_METADATA", "true"))
                        .addNodePools(switch (i) {
                            case 1 -> pool("old", "default", "GCE_METADATA", "true");    // MG001, MG002
                            case 2 -> pool("old", String.format(SA, project), "GKE_METADATA", "false"); // MG004
                            case 3 -> pool("old", String.format(SA, project), "GCE_METADATA", "true"); // MG001
                            default -> pool("old", String.format(SA, project), "GKE_METADATA", "true"); // compliant
                        }).build());
            }
        }
    }

    @AfterEach
    void close() {
        assets.close();
        lister.close();
        groups.close();
        client.close();
        gke.close();
    }

    private static ResourceRef cluster(String project, int i) {
        return ResourceRef.cluster(project, i % 2 == 0 ? "europe-west1" : "europe-west1-b", "c" + i);
    }

    private static NodePool pool(String name, String sa, String mode, String legacyDisabled) {
        return NodePool.newBuilder().setName(name).setInitialNodeCount(1).setConfig(TestPools.withOtherChecksFixed(NodeConfig.newBuilder()
                .setServiceAccount(sa).putMetadata("disable-legacy-endpoints", legacyDisabled)
                .setWorkloadMetadataConfig(WorkloadMetadataConfig.newBuilder()
                        .setMode(WorkloadMetadataConfig.Mode.valueOf(mode))))).build();
    }

    private EstateSweeperService sweeper(Policy policy) {
        return new EstateSweeperService(new AssetInventoryDiscovery(assets.client(), ORG), Optional.empty(), policy,
                published, Json.mapper(), INSPECTIONS, Optional.of(REPORTS), Optional.of(TICKETS),
                Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC), Optional.empty());
    }

    /** An audit-inspector instance, its decisions sent to {@code sink}. */
    private AuditInspectorService inspector(Policy policy, DecisionSink sink) {
        return new AuditInspectorService(new EventDecoder(new ObjectMapper()), judge(policy), sink, DeadLetters.none(),
                Optional.of(INSPECTIONS));
    }

    /** The one judge, as every function builds it, over the embedded GKE. */
    private Inspector judge(Policy policy) {
        return Wiring.inspector(client, (project, sa) -> TestRoles.held(project, Set.of("roles/logging.logWriter")), policy);
    }

    private TicketDesk desk() {
        return new TicketDesk(new DirectorySink(tickets), new TicketComposer(p -> Optional.empty()), Clock.systemUTC());
    }

    /**
     * One sweep as deployed, in one process: the fan-out, each inspection request through the inspector and
     * each ticket request through the ticket opener, until nothing is left to deliver (the opener sends the
     * clusters the sweep no longer found back to the inspector).
     */
    private SweepSummary sweep(Policy policy, String id) {
        SweepSummary summary = sweeper(policy).sweep(id);
        AuditInspectorService inspector = inspector(policy, new PubsubDecisionSink(
                new RequestTopic(published, Json.mapper(), TICKETS), new RequestTopic(published, Json.mapper(), REPLACEMENTS)));
        TicketOpenerService opener = new TicketOpenerService(TicketDesks.of(desk()), Json.mapper(), DeadLetters.none(),
                Optional.of(new RequestTopic(published, Json.mapper(), INSPECTIONS)), new LiveCheck(judge(policy), client,
                        groups));
        int n = 0;
        boolean delivered = true;
        while (delivered) {
            List<byte[]> inspections = published.take(INSPECTIONS);
            for (byte[] message : inspections) {
                inspector.handle(PubsubEmulator.messagePublished(id + "-" + ++n, INSPECTIONS, message));
            }
            List<byte[]> ticketRequests = published.take(TICKETS);
            for (byte[] message : ticketRequests) {
                opener.handle(PubsubEmulator.messagePublished(id + "-" + ++n, TICKETS, message));
            }
            delivered = !inspections.isEmpty() || !ticketRequests.isEmpty();
        }
        List<byte[]> replacements = published.take(REPLACEMENTS);
        for (byte[] message : replacements) {
            try {
                replacementsAsked.add(new ObjectMapper().readTree(message).path("resource").asText());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertTrue(policy.sweep().remediate() || replacements.isEmpty(), "a sweep that may not remediate replaces nothing");
        return summary;
    }

    /** Open tickets: resource -> findings. */
    private Map<String, List<String>> open() throws IOException {
        Map<String, List<String>> open = new TreeMap<>();
        try (Stream<Path> files = Files.list(tickets)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode t = new ObjectMapper().readTree(f.toFile());
                if (t.path("status").asText().equals("OPEN")) {
                    List<String> ids = new ArrayList<>();
                    t.path("problems").forEach(p -> ids.add(p.path("checkId").asText()));
                    open.put(t.path("resource").asText().replaceFirst("^projects/", ""), ids);
                }
            }
        }
        return open;
    }

    private static Map<String, List<String>> expected() {
        Map<String, List<String>> want = new TreeMap<>();
        for (String p : PROJECTS) {
            want.put(p + "/locations/europe-west1-b/clusters/c1/nodePools/old", List.of("MG001", "MG002"));
            want.put(p + "/locations/europe-west1/clusters/c2/nodePools/old", List.of("MG004"));
            want.put(p + "/locations/europe-west1-b/clusters/c3/nodePools/old", List.of("MG001"));
        }
        return want;
    }

    /** The stored ticket about {@code resource}. */
    private JsonNode ticketOf(ResourceRef resource) throws IOException {
        try (Stream<Path> files = Files.list(tickets)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode t = new ObjectMapper().readTree(f.toFile());
                if (t.path("resource").asText().equals(resource.name())) {
                    return t;
                }
            }
        }
        throw new AssertionError("no ticket about " + resource.name());
    }

    private Map<String, String> files() throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(tickets)) {
            for (Path f : files.toList()) {
                all.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return all;
    }

    @Test
    void aSweepOfThreeProjectsOpensExactlyTheExpectedTicketsAndReportsItself() throws IOException {
        SweepSummary summary = sweep(Policy.defaults(), "sweep-1");

        assertEquals(expected(), open());
        assertEquals(12, summary.clusters());
        assertEquals(12, summary.requested());
        assertEquals(Map.of("acme-prod", 4, "acme-staging", 4, "acme-dev", 4), summary.perProject());
        assertTrue(summary.complete(), summary.errors().toString());
        List<byte[]> reports = published.take(REPORTS);
        assertEquals(1, reports.size());
        JsonNode report = new ObjectMapper().readTree(reports.get(0));
        assertEquals("sweep-1", report.path("sweep").asText());
        assertEquals(12, report.path("requested").asInt());
    }

    @Test
    void theSummaryListsTheExemptionsEndingWithinThirtyDaysOfTheSweep() throws IOException {
        Policy policy = PolicyLoader.parse("exemptions:\n"
                + "  - {match: {project: acme-dev}, reason: lab, owner: dev-team, expires: \"2026-12-28\"}\n"
                + "  - {match: {project: acme-staging}, reason: migration, expires: \"2026-12-29\"}\n"
                + "  - {match: {project: acme-old}, reason: gone, expires: \"2026-11-28\"}\n"
                + "  - {match: {project: acme-lab}, reason: lab}\n", "policy.yaml");

        SweepSummary summary = sweeper(policy).sweep("sweep-1");

        assertEquals(List.of("lab (owner dev-team) (until 2026-12-28)"),
                summary.exemptionsEndingSoon().stream().map(Exemption::describe).toList(),
                "the sweep runs 2026-11-29: one ends in 29 days, one in 30, one has ended, one never ends");
        JsonNode report = new ObjectMapper().readTree(published.take(REPORTS).get(0));
        assertEquals("dev-team", report.path("exemptionsEndingSoon").path(0).path("owner").asText());
    }

    @Test
    void aRemediatingSweepReplacesAtMostItsBudgetOnePoolPerClusterAndOthersGetTheirTurnNextTime() throws IOException {
        ResourceRef twoBad = cluster("acme-prod", 1);
        client.createNodePool(twoBad, pool("older", "default", "GCE_METADATA", "true"));
        gke.completeAllOperations();
        String accounts = PROJECTS.stream().map(p -> p + ": " + String.format(SA, p)).collect(Collectors.joining(", "));
        Policy everyCluster = PolicyLoader.parse("defaultAction: replace\nnodeServiceAccounts: {" + accounts + "}\n"
                + "sweep: {remediate: true, maxReplacements: 12}\n", "test policy");

        sweep(everyCluster, "sweep-1");

        // Six clusters fail in a way a replacement fixes, one of them twice: one replacement each, never two in one
        // cluster. Each project's c2 fails only the informational MG004, which never leads to a replacement.
        assertEquals(6, replacementsAsked.size(), replacementsAsked::toString);
        assertEquals(1, replacementsAsked.stream().filter(p -> p.startsWith(twoBad.name() + "/")).count());
        assertTrue(replacementsAsked.stream().noneMatch(p -> p.contains("/clusters/c2/")), replacementsAsked::toString);
        assertEquals(expected().size() + 1, open().size(), "every violation still has its ticket");

        replacementsAsked.clear();
        Policy two = PolicyLoader.parse("defaultAction: replace\nnodeServiceAccounts: {" + accounts + "}\n"
                + "sweep: {remediate: true, maxReplacements: 2}\n", "test policy");
        sweep(two, "sweep-2");
        List<String> second = List.copyOf(replacementsAsked);
        replacementsAsked.clear();
        sweep(two, "sweep-3");

        assertTrue(second.size() <= 2 && replacementsAsked.size() <= 2, second + " then " + replacementsAsked);
        assertNotEquals(second, replacementsAsked, "each sweep hands its budget to other clusters");
    }

    @Test
    void aSecondSweepChangesNothing() throws IOException {
        sweep(Policy.defaults(), "sweep-1");
        Map<String, String> before = files();

        sweep(Policy.defaults(), "sweep-2");

        assertEquals(before, files());
    }

    @Test
    void fixingAPoolResolvesItsTicketOnTheNextSweep() throws IOException {
        sweep(Policy.defaults(), "sweep-1");
        ResourceRef old = cluster("acme-dev", 3).withNodePool("old");
        client.setNodePoolWorkloadMetadata(old, WorkloadMetadataConfig.newBuilder()
                .setMode(WorkloadMetadataConfig.Mode.GKE_METADATA).build());
        gke.completeAllOperations();

        sweep(Policy.defaults(), "sweep-2");

        Map<String, List<String>> want = expected();
        want.remove("acme-dev/locations/europe-west1-b/clusters/c3/nodePools/old");
        assertEquals(want, open());
    }

    @Test
    void aPoolDeletedSinceTheLastSweepHasItsTicketResolved() throws IOException {
        sweep(Policy.defaults(), "sweep-1");
        client.deleteNodePool(cluster("acme-prod", 2).withNodePool("old"));
        gke.completeAllOperations();

        sweep(Policy.defaults(), "sweep-2");

        Map<String, List<String>> want = expected();
        want.remove("acme-prod/locations/europe-west1/clusters/c2/nodePools/old");
        assertEquals(want, open());
    }

    /** An inspector instance's output as the ticket opener takes it: each ticket request applied to the desk. */
    private static DecisionSink toDesk(TicketDesk desk) {
        return new DecisionSink() {
            @Override
            public void requestTicket(TicketRequest request) {
                desk.apply(request);
            }

            @Override
            public void requestReplacement(Decision decision) {
                throw new AssertionError("a sweep under the default policy replaces nothing: " + decision.resource());
            }
        };
    }

    @Test
    void theFanOutSurvivesADeadInspectorInstance() throws IOException {
        PubsubEmulator pubsub = PubsubEmulator.get();
        String topic = pubsub.createTopic("inspection-requests");
        // Pub/Sub's shortest ack deadline: what a dead instance held is delivered again 10 s after it took it.
        String subscription = pubsub.createSubscription(topic, false, 10);
        PubsubPublisher publisher = pubsub.publisher();
        try {
            assertEquals(12, new EstateSweeperService(new AssetInventoryDiscovery(assets.client(), ORG), Optional.empty(),
                    Policy.defaults(), publisher, Json.mapper(), topic, Optional.empty(), Optional.empty(), Clock.systemUTC(), Optional.empty())
                    .sweep("sweep-1").requested());
        } finally {
            publisher.close();
        }
        TicketDesk desk = desk();
        Instant deadline = Instant.now().plusSeconds(90);

        // Instance A takes three requests: it finishes the first, dies after inspecting the second but before
        // acknowledging it, and never starts the third.
        List<ReceivedMessage> taken = new ArrayList<>();
        while (taken.size() < 3 && Instant.now().isBefore(deadline)) {
            taken.addAll(pubsub.pullUnacknowledged(subscription, 3 - taken.size(), Duration.ofSeconds(5)));
        }
        assertEquals(3, taken.size(), "instance A got three requests");
        AuditInspectorService a = inspector(Policy.defaults(), toDesk(desk));
        a.handle(PubsubEmulator.delivered(subscription, taken.get(0)));
        pubsub.acknowledge(subscription, taken.get(0));
        a.handle(PubsubEmulator.delivered(subscription, taken.get(1)));

        // Instance B takes what comes, A's two unfinished requests too once their ack deadline has passed.
        AuditInspectorService b = inspector(Policy.defaults(), toDesk(desk));
        Set<String> handledByB = new HashSet<>();
        while (handledByB.size() < 11 && Instant.now().isBefore(deadline)) {
            for (ReceivedMessage m : pubsub.pullUnacknowledged(subscription, 10, Duration.ofSeconds(5))) {
                b.handle(PubsubEmulator.delivered(subscription, m));
                pubsub.acknowledge(subscription, m);
                handledByB.add(m.getMessage().getMessageId());
            }
        }

        assertEquals(11, handledByB.size(), "every request but the one A acknowledged reached B");
        assertTrue(handledByB.contains(taken.get(1).getMessage().getMessageId()), "A's inspected, unacknowledged request"
                + " was delivered again");
        assertTrue(handledByB.contains(taken.get(2).getMessage().getMessageId()), "A's untouched request was delivered again");
        assertEquals(expected(), open());
        try (Stream<Path> files = Files.list(tickets)) {
            assertEquals(expected().size(), files.filter(p -> p.toString().endsWith(".json")).count(),
                    "one ticket per exposed pool, although one cluster was inspected twice");
        }
    }

    @Test
    void aClusterDeletedSinceTheLastSweepHasItsTicketsResolvedAsDeleted() throws IOException {
        sweep(Policy.defaults(), "sweep-1");
        ResourceRef gone = cluster("acme-prod", 1);
        lister.deleteCluster(gone.name()); // GKE, and so the listing, no longer has it
        gke.completeAllOperations();

        sweep(Policy.defaults(), "sweep-2");

        Map<String, List<String>> want = expected();
        want.remove("acme-prod/locations/europe-west1-b/clusters/c1/nodePools/old");
        assertEquals(want, open());
        JsonNode ticket = ticketOf(gone.withNodePool("old"));
        assertEquals("RESOLVED", ticket.path("status").asText());
        assertTrue(ticket.toString().contains("deleted: the cluster no longer exists (GKE answered NOT_FOUND)"),
                ticket.toString());
    }

    @Test
    void aClusterTheListingMissesButGkeStillHoldsKeepsItsTicketsOpen() throws IOException {
        sweep(Policy.defaults(), "sweep-1");
        Map<String, String> before = files();
        ResourceRef late = cluster("acme-dev", 3);
        notYetIndexed.add(late);
        int reads = gke.calls("GetCluster");

        SweepSummary summary = sweep(Policy.defaults(), "sweep-2");

        assertEquals(11, summary.requested());
        // The inspector reads the 11 listed clusters and the unlisted one again; the ticket opener reads each of
        // the 12 clusters' lists and each of their 24 pools' verdicts itself before it changes a ticket.
        assertEquals(12 + 12 + 24, gke.calls("GetCluster") - reads);
        assertEquals(before, files());
    }

    @Test
    void anIncompleteSweepSendsNoListOfTheClustersItFound() {
        assets.revoke(ORG);
        SweepSummary summary = sweeper(Policy.defaults()).sweep("sweep-1");
        assertTrue(!summary.complete());
        assertTrue(published.take(TICKETS).isEmpty(), "a partial list would make every unlisted cluster look deleted");
    }

    @Test
    void onlyThePolicysProjectsAreInspected() throws IOException {
        SweepSummary summary = sweep(PolicyLoader.parse("projects: [\"acme-prod\"]\n", "policy.yaml"), "sweep-1");

        assertEquals(12, summary.clusters());
        assertEquals(4, summary.requested());
        assertEquals(8, summary.outOfScope());
        assertTrue(open().keySet().stream().allMatch(r -> r.startsWith("acme-prod/")), open().toString());
    }

    @Test
    void discoveryReadsPageByPageWithTheTokensItWasGiven() {
        List<Integer> pages = new ArrayList<>();
        new AssetInventoryDiscovery(assets.client(), ORG).discover(page -> pages.add(page.size()));
        assertEquals(List.of(12), pages, "12 clusters fit one page of 500");
        assertEquals(AssetInventoryDiscovery.PAGE_SIZE, assets.requests().get(0).getPageSize());
        assertEquals(List.of(AssetInventoryDiscovery.CLUSTER_TYPE), assets.requests().get(0).getAssetTypesList());
    }

    @Test
    void theAssetServiceIsStrictAboutScopesPageSizesAndTokens() {
        AssetServiceClient raw = assets.client().get();
        SearchAllResourcesRequest request = SearchAllResourcesRequest.newBuilder().setScope(ORG)
                .addAssetTypes(AssetInventoryDiscovery.CLUSTER_TYPE).setPageSize(5).build();
        List<Integer> sizes = new ArrayList<>();
        raw.searchAllResources(request).iteratePages().forEach(page -> sizes.add(page.getPageElementCount()));
        assertEquals(List.of(5, 5, 2), sizes);

        String token = raw.searchAllResources(request).getNextPageToken();
        ApiException changed = assertThrows(ApiException.class, () -> raw.searchAllResources(request.toBuilder()
                .setPageSize(6).setPageToken(token).build()).getPage());
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, changed.getStatusCode().getCode());
        ApiException scope = assertThrows(ApiException.class, () -> raw.searchAllResources(request.toBuilder()
                .setScope("acme-prod").build()).getPage());
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, scope.getStatusCode().getCode());
        assertEquals(0, raw.searchAllResources(request.toBuilder().clearAssetTypes()
                .addAssetTypes("compute.googleapis.com/Instance").build()).getPage().getPageElementCount());
    }

    @Test
    void aTransientFailureIsThrownSoPubSubRedeliversTheSweep() {
        assets.failNext(1);
        ApiFailure failure = assertThrows(ApiFailure.class, () -> sweeper(Policy.defaults()).sweep("sweep-1"));
        assertEquals(FailureKind.TRANSIENT, failure.kind());
        assertTrue(published.take(REPORTS).isEmpty(), "no summary for a sweep that will run again");
    }

    @Test
    void aScopeTheGuardMayNotSearchEndsTheSweepWithAnError() {
        assets.revoke(ORG);
        SweepSummary summary = sweeper(Policy.defaults()).sweep("sweep-1");
        assertEquals(0, summary.requested());
        assertTrue(summary.errors().get(0).startsWith("permission_denied from cloudasset.searchAllResources"),
                summary.errors().toString());
        assertEquals(1, published.take(REPORTS).size());
    }

    @Test
    void aDisabledAssetApiFallsBackToListClustersOverThePolicysProjects() throws IOException {
        assets.disableApi();
        Policy policy = PolicyLoader.parse("projects: [\"acme-prod\", \"acme-dev\"]\n", "policy.yaml");
        SweepSummary summary = new EstateSweeperService(new AssetInventoryDiscovery(assets.client(), ORG),
                Optional.of(new ListClustersDiscovery(client, policy.projects())), policy, published, Json.mapper(),
                INSPECTIONS, Optional.empty(), Optional.empty(), Clock.systemUTC(), Optional.empty()).sweep("sweep-1");

        assertEquals("ListClusters over 2 projects", summary.source());
        assertEquals(Map.of("acme-prod", 4, "acme-dev", 4), summary.perProject());
        assertTrue(summary.complete(), summary.errors().toString());
        assertTrue(published.take(INSPECTIONS).stream().map(String::new)
                .anyMatch(m -> m.contains("projects/acme-dev/locations/europe-west1/clusters/c2")));
    }

    @Test
    void theFallbackNeedsProjectIdsNotGlobs() {
        assets.disableApi();
        SweepSummary summary = new EstateSweeperService(new AssetInventoryDiscovery(assets.client(), ORG),
                Optional.of(new ListClustersDiscovery(client, List.of("acme-*"))), Policy.defaults(), published,
                Json.mapper(), INSPECTIONS, Optional.empty(), Optional.empty(), Clock.systemUTC(), Optional.empty()).sweep("sweep-1");
        assertTrue(summary.errors().get(0).contains("are not all project ids"), summary.errors().toString());
    }

    @Test
    void aDisabledAssetApiWithoutFallbackSaysHowToFixIt() {
        assets.disableApi();
        SweepSummary summary = sweeper(Policy.defaults()).sweep("sweep-1");
        assertTrue(summary.errors().get(0).contains("enable it (cloudasset.googleapis.com)"), summary.errors().toString());
    }
}
