package dev.metadataguard.inspect;

import static dev.metadataguard.testing.TestPools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.container.v1.Cluster;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.Action;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.InspectionRequest;
import dev.metadataguard.event.Intake;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.TestRoles;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An inspection request (the sweep's) decides like an audit entry, with the sweep's own remediation rule. */
class InspectionRequestTest {

    private static final ResourceRef CLUSTER = ResourceRef.cluster("p1", "europe-west1", "c1");
    private static final String SA = "gke-nodes@p1.iam.gserviceaccount.com";
    private static final ProjectRoles MINIMAL = (project, sa) -> TestRoles.held(project, Set.of("roles/logging.logWriter"));
    private static final Instant FOUND = Instant.parse("2026-11-29T06:00:00Z");
    private static final String REPLACE = """
            mode: enforce
            defaultAction: replace
            nodeServiceAccounts: {p1: gke-nodes@p1.iam.gserviceaccount.com}
            """;

    private final EmbeddedGke gke = EmbeddedGke.inProcess();
    private final ContainerGke client = ContainerGke.connect(gke.channel());

    @AfterEach
    void close() {
        client.close();
        gke.close();
    }

    private void seed() {
        gke.seed(CLUSTER.name(), Cluster.newBuilder().setName("c1")
                .setWorkloadIdentityConfig(WorkloadIdentityConfig.newBuilder().setWorkloadPool("p1.svc.id.goog"))
                .addNodePools(pool("good", SA, WorkloadMetadataConfig.Mode.GKE_METADATA))
                .addNodePools(pool("bad", "default", WorkloadMetadataConfig.Mode.GCE_METADATA)).build());
    }

    private Inspection inspect(Policy policy) {
        return inspector(policy).inspect(new InspectionRequest(CLUSTER.name(), "sweep-1", FOUND), true);
    }

    private Inspector inspector(Policy policy) {
        return Wiring.inspector(client, MINIMAL, policy);
    }

    private static Decision of(Inspection inspection, String pool) {
        return inspection.decisions().stream().filter(d -> d.resource().equals(CLUSTER.withNodePool(pool).name()))
                .findFirst().orElseThrow();
    }

    @Test
    void everyPoolOfTheClusterIsDecidedWithTheRequestAsItsOrigin() {
        seed();
        Inspection inspection = inspect(Policy.defaults());

        assertEquals(2, inspection.decisions().size());
        Decision bad = of(inspection, "bad");
        assertEquals(Outcome.VIOLATION, bad.outcome());
        assertEquals(Action.TICKET, bad.action());
        assertEquals(InspectionRequest.METHOD, bad.method());
        assertEquals("sweep-1", bad.operationId());
        assertEquals(FOUND, bad.eventTime());
        assertEquals(Outcome.COMPLIANT, of(inspection, "good").outcome());
    }

    @Test
    void aSweepOpensTicketsWhereTheRulesSayReplaceUnlessThePolicyLetsItRemediate() {
        seed();
        Decision ticketed = of(inspect(PolicyLoader.parse(REPLACE, "policy.yaml")), "bad");
        assertEquals(Action.TICKET, ticketed.action());
        assertTrue(ticketed.reason().contains("sweep.remediate"), ticketed.reason());

        Policy remediating = PolicyLoader.parse(REPLACE + "sweep: {remediate: true}\n", "policy.yaml");
        Decision notChosen = of(inspect(remediating), "bad");
        assertEquals(Action.TICKET, notChosen.action(), "a request without one of the sweep's replacements");
        assertTrue(notChosen.reason().contains("sweep.maxReplacements"), notChosen.reason());

        Decision replaced = of(inspector(remediating).inspect(new InspectionRequest(CLUSTER.name(), "sweep-1", FOUND,
                true), true), "bad");
        assertEquals(Action.REPLACE, replaced.action());

        Decision notOnItsTopic = of(inspector(remediating).inspect(new InspectionRequest(CLUSTER.name(), "sweep-1", FOUND,
                true), false), "bad");
        assertEquals(Action.TICKET, notOnItsTopic.action(), "mayReplace counts only on the inspection topic");
    }

    @Test
    void mayReplaceIsReadFromTheMessageAndAnythingButABooleanIsMalformed() {
        String request = "{\"kind\":\"inspection-request\",\"cluster\":\"" + CLUSTER.name()
                + "\",\"sweep\":\"s\",\"requestedAt\":\"2026-11-29T06:00:00Z\",\"mayReplace\":";
        EventDecoder decoder = new EventDecoder(new ObjectMapper());
        assertEquals(List.of(new Intake.Inspect(new InspectionRequest(CLUSTER.name(), "s", FOUND, true))),
                decoder.decode((request + "true}").getBytes(StandardCharsets.UTF_8), "m"));
        assertTrue(decoder.decode((request + "\"yes\"}").getBytes(StandardCharsets.UTF_8), "m").get(0)
                instanceof Intake.Malformed);
    }

    @Test
    void routingAnInspectionSendsCompliantPoolsToTheDeskToResolveTheirTicketsAndWhatTheClusterHolds() {
        seed();
        List<TicketRequest> tickets = new ArrayList<>();
        DecisionRouter.routeInspection(inspect(Policy.defaults()), new DecisionSink() {
            @Override
            public void requestTicket(TicketRequest request) {
                tickets.add(request);
            }

            @Override
            public void requestReplacement(Decision decision) {
                throw new AssertionError("tickets only");
            }
        });

        assertEquals(List.of(CLUSTER.withNodePool("good").name(), CLUSTER.withNodePool("bad").name(), CLUSTER.name()),
                tickets.stream().map(TicketRequest::resource).toList());
        assertTrue(tickets.get(2) instanceof TicketRequest.Present, "last, what the cluster holds");
    }

    @Test
    void aClusterReadTellsTheDeskWhatItHoldsAndAClusterGoneHoldsNothing() {
        seed();
        assertEquals(Optional.of(new TicketRequest.Present(CLUSTER.name(),
                        List.of(CLUSTER.withNodePool("good").name(), CLUSTER.withNodePool("bad").name()), FOUND)),
                inspect(Policy.defaults()).present());

        Inspection gone = Wiring.inspector(client, MINIMAL, Policy.defaults())
                .inspect(new InspectionRequest(ResourceRef.cluster("p1", "europe-west1", "deleted").name(), "sweep-1", FOUND), true);
        assertEquals(Optional.of(new TicketRequest.Present(ResourceRef.cluster("p1", "europe-west1", "deleted").name(),
                List.of(), FOUND)), gone.present());
        assertEquals(Outcome.UNKNOWN, gone.decisions().get(0).outcome());
    }

    @Test
    void theInspectorFunctionTakesTheSweepersMessageAsAnIntakeOfItsOwn() {
        seed();
        RecordingSink sink = new RecordingSink();
        EventDecoder decoder = new EventDecoder(new ObjectMapper());
        AuditInspectorService service = new AuditInspectorService(decoder,
                Wiring.inspector(client, MINIMAL, Policy.defaults()), sink, DeadLetters.none(), Optional.empty());
        String message = "{\"kind\": \"inspection-request\", \"cluster\": \"" + CLUSTER.name()
                + "\", \"sweep\": \"sweep-1\", \"requestedAt\": \"2026-11-29T06:00:00Z\"}";

        List<Intake> intakes = decoder.decode(message.getBytes(StandardCharsets.UTF_8), "message");
        assertEquals(List.of(new Intake.Inspect(new InspectionRequest(CLUSTER.name(), "sweep-1", FOUND))), intakes);
        service.handle(delivery("message-1", message), intakes);
        service.handle(delivery("message-1-redelivered", message), intakes);

        assertEquals(List.of("good", "bad", "c1", "good", "bad", "c1"), sink.tickets.stream()
                .map(t -> t.resource().substring(t.resource().lastIndexOf('/') + 1)).toList(),
                "each delivery: both pools and what the cluster holds; the desk keeps one ticket per fingerprint");
    }

    @Test
    void aMalformedInspectionRequestSaysWhichFieldIsWrong() {
        EventDecoder decoder = new EventDecoder(new ObjectMapper());
        List<Intake> intakes = decoder.decode(("{\"kind\": \"inspection-request\", \"cluster\": \""
                + CLUSTER.withNodePool("bad").name() + "\", \"sweep\": \"s\", \"requestedAt\": \"now\"}")
                .getBytes(StandardCharsets.UTF_8), "message");
        Intake.Malformed malformed = (Intake.Malformed) intakes.get(0);
        assertTrue(malformed.reason().startsWith("message.cluster: "), malformed.reason());
        assertTrue(malformed.reason().contains("expected projects/P/locations/L/clusters/C"), malformed.reason());
    }

    @Test
    void aRequestNamingANodePoolIsRefused() {
        Inspector inspector = Wiring.inspector(client, MINIMAL, Policy.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inspector.inspect(
                new InspectionRequest(CLUSTER.withNodePool("bad").name(), "sweep-1", FOUND), true));
        assertTrue(e.getMessage().contains("names no cluster"), e.getMessage());
    }

    private static final String INSPECTIONS = "projects/guard-host/topics/inspection-requests";
    private static final String AUDIT_EVENTS = "projects/guard-host/topics/gke-audit-events";

    /** A request that may replace, delivered by Eventarc from {@code topic}; only the source says where from. */
    private static CloudEvent published(String id, String topic) {
        String request = "{\"kind\":\"inspection-request\",\"cluster\":\"" + CLUSTER.name()
                + "\",\"sweep\":\"s\",\"requestedAt\":\"2026-11-29T06:00:00Z\",\"mayReplace\":true}";
        return dev.metadataguard.pubsub.PubsubEmulator.messagePublished(id, topic, request.getBytes(StandardCharsets.UTF_8));
    }

    private AuditInspectorService service(Policy policy, RecordingSink sink) {
        return new AuditInspectorService(new EventDecoder(new ObjectMapper()), inspector(policy), sink,
                DeadLetters.none(), Optional.of(INSPECTIONS));
    }

    @Test
    void mayReplaceCountsOnlyOnARequestDeliveredFromTheInspectionTopic() {
        seed();
        Policy remediating = PolicyLoader.parse(REPLACE + "sweep: {remediate: true}\n", "policy.yaml");
        RecordingSink fromTopic = new RecordingSink();
        RecordingSink fromElsewhere = new RecordingSink();

        service(remediating, fromTopic).handle(published("r-1", INSPECTIONS));
        List<String> lines = new ArrayList<>();
        try (var captured = dev.metadataguard.log.StructuredLog.redirect(lines::add)) {
            service(remediating, fromElsewhere).handle(published("r-2", AUDIT_EVENTS));
        }

        assertEquals(List.of(CLUSTER.withNodePool("bad").name()),
                fromTopic.replacements.stream().map(Decision::resource).toList());
        assertEquals(List.of(), fromElsewhere.replacements, "the same message on another topic replaces nothing");
        assertTrue(fromElsewhere.tickets.stream().anyMatch(t -> t.resource().equals(CLUSTER.withNodePool("bad").name())),
                "it is still judged, for tickets");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"message\":\"replacement not granted\"")
                && l.contains("gke-audit-events")), lines.toString());
    }

    @Test
    void anArrayOfInspectionRequestsIsRefusedWhole() {
        String one = "{\"kind\":\"inspection-request\",\"cluster\":\"" + CLUSTER.name()
                + "\",\"sweep\":\"s\",\"requestedAt\":\"2026-11-29T06:00:00Z\",\"mayReplace\":true}";

        List<Intake> intakes = new EventDecoder(new ObjectMapper())
                .decode(("[" + one + "," + one + "," + one + "]").getBytes(StandardCharsets.UTF_8), "message");

        assertEquals(1, intakes.size());
        Intake.Malformed refused = (Intake.Malformed) intakes.get(0);
        assertEquals("message: an array holding 3 inspection requests; an inspection request travels alone, one per"
                + " message, so the array is refused whole", refused.reason());
    }

    private static CloudEvent delivery(String id, String message) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("test")).withType("test")
                .withData(message.getBytes(StandardCharsets.UTF_8)).build();
    }
}
