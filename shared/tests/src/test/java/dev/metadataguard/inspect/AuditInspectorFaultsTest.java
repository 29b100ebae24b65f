package dev.metadataguard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.config.Policy;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.TicketRequest;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.GkeCall;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.iam.IamPolicyFile;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.iam.ResourceManagerRoles;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.pubsub.DeadLetters;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.ExpectedRows;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.testing.TestEvents;
import io.grpc.Status;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the audit-inspector does when the Container API or IAM fails: every gRPC status injected into
 * the embedded GKE behind the real client, slow answers, and deadlines. A failure a retry can fix is
 * thrown (the function answers 500 and Pub/Sub redelivers); the guard's own missing permission becomes
 * a ticket about the guard; anything else is acknowledged with one log line saying what happened.
 */
class AuditInspectorFaultsTest {

    /** A node pool with three findings: the inspector reads its cluster, then the pool. */
    private static final String POOL_EVENT = "07-create-node-pool-v1-first-exposed-background.json";
    /** A compliant pool running as a named service account, whose project roles are read. */
    private static final String NAMED_SA_EVENT = "05-create-node-pool-v1-first-compliant.json";
    private static final String CLUSTER = "projects/acme-prod/locations/europe-west1-b/clusters/payments";
    private static final String POOL = CLUSTER + "/nodePools/batch";

    enum Behaviour { RETRY, GUARD_PROBLEM_TICKET, ACK_WITH_LOG_LINE }

    private record Expected(FailureKind kind, Behaviour behaviour) {
    }

    private static final Map<Status.Code, Expected> EVERY_ERROR_CODE = new EnumMap<>(Map.ofEntries(
            Map.entry(Status.Code.CANCELLED, new Expected(FailureKind.PERMANENT, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.UNKNOWN, new Expected(FailureKind.PERMANENT, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.INVALID_ARGUMENT, new Expected(FailureKind.PERMANENT, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.DEADLINE_EXCEEDED, new Expected(FailureKind.TRANSIENT, Behaviour.RETRY)),
            Map.entry(Status.Code.NOT_FOUND, new Expected(FailureKind.NOT_FOUND, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.ALREADY_EXISTS, new Expected(FailureKind.ALREADY_EXISTS, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.PERMISSION_DENIED,
                    new Expected(FailureKind.PERMISSION_DENIED, Behaviour.GUARD_PROBLEM_TICKET)),
            Map.entry(Status.Code.RESOURCE_EXHAUSTED, new Expected(FailureKind.TRANSIENT, Behaviour.RETRY)),
            Map.entry(Status.Code.FAILED_PRECONDITION, new Expected(FailureKind.PERMANENT, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.ABORTED, new Expected(FailureKind.TRANSIENT, Behaviour.RETRY)),
            Map.entry(Status.Code.OUT_OF_RANGE, new Expected(FailureKind.PERMANENT, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.UNIMPLEMENTED, new Expected(FailureKind.PERMANENT, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.INTERNAL, new Expected(FailureKind.TRANSIENT, Behaviour.RETRY)),
            Map.entry(Status.Code.UNAVAILABLE, new Expected(FailureKind.TRANSIENT, Behaviour.RETRY)),
            Map.entry(Status.Code.DATA_LOSS, new Expected(FailureKind.PERMANENT, Behaviour.ACK_WITH_LOG_LINE)),
            Map.entry(Status.Code.UNAUTHENTICATED,
                    new Expected(FailureKind.PERMISSION_DENIED, Behaviour.GUARD_PROBLEM_TICKET))));

    /** The reads the inspector makes for a node-pool event, by proto method, with the call and target failures name. */
    private static final Map<String, GkeCall> READS = Map.of("GetCluster", GkeCall.GET_CLUSTER,
            "GetNodePool", GkeCall.GET_NODE_POOL);

    private final EventDecoder decoder = new EventDecoder(TestEvents.JSON);
    private final EmbeddedGke embedded = EmbeddedGke.inProcess();
    private final ContainerGke client = ContainerGke.connect(embedded.channel());
    private final RecordingSink sink = new RecordingSink();
    private final List<JsonNode> log = Collections.synchronizedList(new ArrayList<>());
    private final StructuredLog.Redirect redirect = StructuredLog.redirect(line -> log.add(json(line)));

    /** Keeps what the inspector asks for. */
    private static final class RecordingSink implements DecisionSink {
        final List<TicketRequest> tickets = new ArrayList<>();
        final List<Decision> replacements = new ArrayList<>();

        @Override
        public void requestTicket(TicketRequest request) {
            tickets.add(request);
        }

        @Override
        public void requestReplacement(Decision decision) {
            replacements.add(decision);
        }
    }

    @BeforeEach
    void seed() {
        for (String file : List.of("01-create-cluster-v1-first-compliant.json", POOL_EVENT, NAMED_SA_EVENT)) {
            AuditEvent event = accepted(file);
            embedded.seedFromAuditRequest(event.resource().name(), event.request().orElseThrow());
        }
    }

    @AfterEach
    void close() {
        redirect.close();
        client.close();
        embedded.close();
    }

    static Stream<Arguments> everyErrorCodeOnEveryRead() {
        return EVERY_ERROR_CODE.entrySet().stream().flatMap(e -> READS.keySet().stream().sorted()
                .map(method -> Arguments.of(e.getKey(), method, e.getValue().kind(), e.getValue().behaviour())));
    }

    @Test
    void everyErrorCodeOfGrpcHasAnExpectedBehaviour() {
        assertEquals(EnumSet.complementOf(EnumSet.of(Status.Code.OK)), EVERY_ERROR_CODE.keySet());
    }

    @ParameterizedTest(name = "{0} on {1}: {2}, {3}")
    @MethodSource("everyErrorCodeOnEveryRead")
    void anErrorOfTheContainerApiIsRetriedTicketedOrAcknowledged(Status.Code code, String method, FailureKind kind,
                                                                  Behaviour behaviour) {
        embedded.failNext(method, code, 1);
        GkeCall call = READS.get(method);
        String target = call == GkeCall.GET_CLUSTER ? CLUSTER : POOL;
        String failure = call.restMethod() + ": " + code + " on " + target + ": injected fault on " + method;
        AuditInspectorService service = service(client, roles());

        switch (behaviour) {
            case RETRY -> {
                ApiFailure thrown = assertThrows(ApiFailure.class, () -> handle(service, POOL_EVENT));
                assertEquals(kind, thrown.kind());
                assertEquals(failure, thrown.getMessage());
                assertEquals(List.of("will retry"), messages());
                assertEquals(kind.name(), log.get(0).path("failure").asText());
            }
            case GUARD_PROBLEM_TICKET -> {
                handle(service, POOL_EVENT);
                assertEquals(List.of(new TicketRequest.GuardProblem(POOL, call.restMethod(), call.permission(),
                        failure)), sink.tickets);
                assertEquals(List.of("evaluated", "guard lacks a permission"), messages());
                assertEquals("unknown", log.get(0).path("outcome").asText());
            }
            case ACK_WITH_LOG_LINE -> {
                handle(service, POOL_EVENT);
                assertEquals(List.of(), sink.tickets);
                assertEquals(List.of("evaluated"), messages());
                assertEquals("unknown", log.get(0).path("outcome").asText());
                assertEquals("none", log.get(0).path("decision").asText());
                String reason = log.get(0).path("reason").asText();
                assertTrue(reason.startsWith(kind == FailureKind.NOT_FOUND ? "not found: "
                        : kind.name().toLowerCase(Locale.ROOT) + ": "), reason);
                assertTrue(reason.contains(failure), reason);
            }
        }
        assertEquals(List.of(), sink.replacements);
    }

    @Test
    void aTransientFaultIsEvaluatedOnceOnRedelivery() {
        embedded.failNext("GetNodePool", Status.Code.UNAVAILABLE, 1);
        AuditInspectorService service = service(client, roles());

        assertThrows(ApiFailure.class, () -> handle(service, POOL_EVENT));
        handle(service, POOL_EVENT);

        assertEquals(List.of(ExpectedRows.findingsOf(POOL_EVENT, "batch")), findingsOfTickets());
    }

    @Test
    void aSlowAnswerWithinTheDeadlineIsEvaluatedAsUsual() {
        embedded.latency("GetCluster", Duration.ofMillis(300));
        embedded.latency("GetNodePool", Duration.ofMillis(300));
        try (ContainerGke gke = ContainerGke.connect(embedded.channel(), Duration.ofSeconds(20))) {
            handle(service(gke, roles()), POOL_EVENT);
        }

        assertEquals(List.of(ExpectedRows.findingsOf(POOL_EVENT, "batch")), findingsOfTickets());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"GetCluster", "GetNodePool"})
    void anAnswerLaterThanTheDeadlineIsRetriedAsTransient(String method) {
        embedded.latency(method, Duration.ofSeconds(1));
        try (ContainerGke gke = ContainerGke.connect(embedded.channel(), Duration.ofMillis(100))) {
            AuditInspectorService service = service(gke, roles());

            ApiFailure thrown = assertThrows(ApiFailure.class, () -> handle(service, POOL_EVENT));

            assertEquals(FailureKind.TRANSIENT, thrown.kind());
            assertTrue(thrown.getMessage().startsWith(READS.get(method).restMethod() + ": DEADLINE_EXCEEDED on "),
                    thrown.getMessage());
        }
        assertEquals(List.of(), sink.tickets);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "TRANSIENT, RETRY",
        "BUSY, RETRY",
        "PERMISSION_DENIED, GUARD_PROBLEM_TICKET",
        "NOT_FOUND, ACK_WITH_LOG_LINE",
        "ALREADY_EXISTS, ACK_WITH_LOG_LINE",
        "PERMANENT, ACK_WITH_LOG_LINE",
    })
    void aFailureReadingTheNodeAccountsRolesIsRetriedTicketedOrLeftUnknown(FailureKind kind, Behaviour behaviour) {
        ProjectRoles failing = (project, account) -> {
            throw new ApiFailure(kind, ResourceManagerRoles.CALL, "injected " + kind + " on projects/" + project);
        };
        // The event is compliant on every check it spells out, so MG003 unsettled leaves it unknown.
        AuditInspectorService service = service(client, failing, SpelledOutChecks.CHECKS);

        if (behaviour == Behaviour.RETRY) {
            ApiFailure thrown = assertThrows(ApiFailure.class, () -> handle(service, NAMED_SA_EVENT));
            assertEquals(kind, thrown.kind());
            assertEquals(List.of("will retry"), messages());
            return;
        }
        handle(service, NAMED_SA_EVENT);
        assertEquals("unknown", log.get(0).path("outcome").asText());
        String reason = log.get(0).path("reason").asText();
        assertTrue(reason.startsWith("unsettled: MG003"), reason);
        List<TicketRequest> expected = behaviour == Behaviour.GUARD_PROBLEM_TICKET
                ? List.of(new TicketRequest.GuardProblem("projects/acme-prod", ResourceManagerRoles.CALL,
                        ProjectRoles.PERMISSION, ResourceManagerRoles.CALL + ": injected " + kind
                                + " on projects/acme-prod"))
                : List.of();
        assertEquals(expected, sink.tickets);
    }

    private AuditInspectorService service(Gke gke, ProjectRoles roles) {
        return service(gke, roles, Checks.ALL);
    }

    private AuditInspectorService service(Gke gke, ProjectRoles roles, List<Check> checks) {
        return new AuditInspectorService(decoder, Wiring.inspector(gke, roles, Policy.defaults(), checks), sink,
                DeadLetters.none(), java.util.Optional.empty());
    }

    private static ProjectRoles roles() {
        return IamPolicyFile.read(TestEvents.root().resolve("iam/acme-prod-iam-policy.json"));
    }

    private void handle(AuditInspectorService service, String file) {
        service.handle(TestEvents.cloudEvent(file), decoder.decode(TestEvents.bytes(file), file));
    }

    private AuditEvent accepted(String file) {
        return assertInstanceOf(Intake.Accepted.class, decoder.decode(TestEvents.bytes(file), file).get(0)).event();
    }

    private List<String> messages() {
        return log.stream().map(line -> line.path("message").asText()).toList();
    }

    private List<List<String>> findingsOfTickets() {
        return sink.tickets.stream()
                .map(t -> assertInstanceOf(TicketRequest.Evaluated.class, t).decision().findings().stream()
                        .map(Finding::checkId).toList())
                .toList();
    }

    private static JsonNode json(String line) {
        try {
            return TestEvents.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
