package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static dev.metadataguard.ticket.Samples.MG002;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketComposer;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.ticket.TicketDesk.Change;
import dev.metadataguard.config.TicketSettings;
import dev.metadataguard.ticket.TicketSink;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JiraTrackerTest extends TrackerContract {

    private final FakeJira jira = new FakeJira(Samples.CLOCK, FakeApi.SECRET);
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        jira.close();
    }

    @Override
    protected TicketSink newSink() {
        return sink(settings(jira.url(), "Done"));
    }

    @Override
    protected List<Held> held() {
        return jira.held();
    }

    private TrackerSink sink(TicketSettings.Jira settings) {
        return sink(settings, FakeApi.SECRET);
    }

    private TrackerSink sink(TicketSettings.Jira settings, String token) {
        return new TrackerSink(JiraTracker.NAME, new JiraTracker(settings,
                Secret.fromEnvironment(Map.of(JiraTracker.TOKEN_VARIABLE, token)::get, JiraTracker.TOKEN_VARIABLE, "t"),
                FakeApi.transport(Samples.CLOCK, waits)));
    }

    private static TicketSettings.Jira settings(String url, String resolveTransition) {
        return new TicketSettings.Jira(url, FakeJira.EMAIL, FakeJira.PROJECT, null, resolveTransition, null);
    }

    private static Ticket ticket() {
        return Samples.composer().violation(Samples.violation(MG001, MG002), Optional.empty());
    }

    @Test
    void createsAnIssueInTheProjectWithLabelsPriorityAndADocumentDescription() {
        Ticket ticket = ticket();

        String key = newSink().create(ticket).id();

        assertEquals("SEC-1", key);
        FakeApi.Request create = jira.requests().get(0);
        assertEquals("POST /rest/api/3/issue", create.method() + " " + create.path());
        assertEquals("application/json", create.header("Content-Type"));
        JsonNode fields = create.json().path("fields");
        assertEquals("SEC", fields.path("project").path("key").asText());
        assertEquals("Bug", fields.path("issuetype").path("name").asText());
        assertEquals(ticket.title(), fields.path("summary").asText());
        assertEquals(List.of(ticket.fingerprint(), ticket.resourceKey(),
                TicketComposer.clusterKey(ticket.resource()).orElseThrow(), "metadata-guard"),
                JiraTrackerTest.texts(fields.path("labels")));
        assertEquals("High", fields.path("priority").path("name").asText());
        assertEquals("heading", fields.path("description").path("content").get(4).path("type").asText());
        assertEquals("What is wrong", fields.path("description").path("content").get(4).path("content").get(0)
                .path("text").asText());
    }

    @Test
    void findsIssuesByTheirLabelWithTheJqlSearch() {
        Ticket ticket = ticket();
        newSink().create(ticket);
        jira.index();

        List<dev.metadataguard.ticket.TicketRecord> found = newSink().find(ticket.fingerprint());

        assertEquals(List.of("SEC-1"), found.stream().map(dev.metadataguard.ticket.TicketRecord::id).toList());
        FakeApi.Request search = jira.requests().get(1);
        assertEquals("POST /rest/api/3/search/jql", search.method() + " " + search.path());
        assertEquals("labels = \"" + ticket.fingerprint() + "\" ORDER BY created ASC", search.json().path("jql").asText());
    }

    @Test
    void anIssueCreatedAMomentAgoIsFoundBeforeJiraIndexesIt() {
        TicketSink sink = newSink();
        Ticket ticket = ticket();
        sink.create(ticket);

        assertEquals(1, sink.find(ticket.fingerprint()).size());
        assertEquals("[10000]", jira.requests().get(1).json().path("reconcileIssues").toString());
    }

    @Test
    void signsInWithBasicAuthOfEmailAndToken() {
        newSink().find(ticket().fingerprint());

        assertEquals("Basic Z3VhcmRAZXhhbXBsZS5jb206czNjcjN0LVRPS0VOLTAwNDI=",
                jira.requests().get(0).header("Authorization"));
    }

    @Test
    void resolvingCommentsAndTakesTheTransitionNamedInTheSettings() {
        TicketDesk desk = Samples.desk(newSink());
        desk.apply(Samples.evaluated(Samples.violation(MG001)));

        desk.apply(Samples.compliantAt(RESOLVED_AT));

        List<String> calls = jira.requests().stream().map(r -> r.method() + " " + r.path()).toList();
        assertEquals(List.of(
                "POST /rest/api/3/search/jql",
                "POST /rest/api/3/issue",
                "POST /rest/api/3/search/jql",
                "GET /rest/api/3/issue/SEC-1/comment",
                "POST /rest/api/3/search/jql",
                "GET /rest/api/3/issue/SEC-1/comment",
                "POST /rest/api/3/issue/SEC-1/comment",
                "GET /rest/api/3/issue/SEC-1/transitions",
                "POST /rest/api/3/issue/SEC-1/transitions"), calls);
        assertEquals("{\"transition\":{\"id\":\"31\"}}", jira.requests().get(8).body());
    }

    @Test
    void aTransitionTheWorkflowLacksIsAPermanentFailureListingTheOnesItHas() {
        TicketDesk desk = Samples.desk(sink(settings(jira.url(), "Closed")));
        desk.apply(Samples.evaluated(Samples.violation(MG001)));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> desk.apply(Samples.compliantAt(RESOLVED_AT)));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("jira.issue.transition: issue SEC-1 offers no transition named 'Closed' (it offers 'To Do',"
                + " 'In Progress', 'Done'): set tickets.jira.resolveTransition to one of them", failure.getMessage());
    }

    @Test
    void aWrongTokenIsPermanentAndSaysWhichVariableToFix() {
        TrackerSink wrong = sink(settings(jira.url(), "Done"), "expired");

        ApiFailure failure = assertThrows(ApiFailure.class, () -> wrong.find(ticket().fingerprint()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("jira.search.jql: HTTP 401 from 127.0.0.1: the credentials were refused; check"
                + " tickets.jira.email (guard@example.com) and the API token in MG_JIRA_TOKEN", failure.getMessage());
        assertEquals(1, jira.requests().size());
    }

    @Test
    void anUnknownIssueTypeIsPermanentWithJirasReason() {
        TrackerSink sink = sink(new TicketSettings.Jira(jira.url(), FakeJira.EMAIL, FakeJira.PROJECT, "Story",
                null, null));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> sink.create(ticket()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("jira.issue.create: HTTP 400 from 127.0.0.1: the request was refused:"
                + " issuetype: Specify a valid issue type",
                failure.getMessage());
    }

    @Test
    void aForbiddenProjectIsAPermissionProblemNamingTheAccount() {
        jira.failNext(1, FakeApi.Response.json(403, "{\"errorMessages\":[\"You do not have permission\"]}"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> newSink().create(ticket()));

        assertEquals(FailureKind.PERMISSION_DENIED, failure.kind());
        assertEquals("jira.issue.create: HTTP 403 from 127.0.0.1: not allowed; the account guard@example.com needs"
                + " Browse projects, Create issues, Add comments and Transition issues in Jira project SEC",
                failure.getMessage());
    }

    @Test
    void aCommentOnAMissingIssueIsPermanent() {
        ApiFailure failure = assertThrows(ApiFailure.class, () -> newSink().addOutcome(
                new dev.metadataguard.ticket.TicketRecord("SEC-99", "mg-0000000000000000", true, Optional.empty(),
                        java.util.Set.of(), Optional.empty()), ticket(), Samples.replacementCreated()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertTrue(failure.getMessage().startsWith("jira.issue.comment: HTTP 404 from 127.0.0.1: not found; check"
                + " tickets.jira.baseUrl"), failure.getMessage());
    }

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterSays() {
        jira.failNext(1, new FakeApi.Response(429, Map.of("Retry-After", "7"), ""));

        assertEquals(Change.OPENED, Samples.desk(newSink()).apply(Samples.evaluated(Samples.violation(MG001))).change());

        assertEquals(List.of(Duration.ofSeconds(7)), waits);
        assertEquals(1, jira.held().size());
    }

    @Test
    void unavailableTwiceThenUpIsRetriedWithGrowingWaits() {
        jira.failNext(2, FakeApi.Response.json(503, "{}"));

        assertEquals(Change.OPENED, Samples.desk(newSink()).apply(Samples.evaluated(Samples.violation(MG001))).change());

        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), waits);
    }

    @Test
    void unavailableOnEveryAttemptIsTransient() {
        jira.failNext(4, FakeApi.Response.json(503, "{}"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> newSink().find(ticket().fingerprint()));

        assertEquals(FailureKind.TRANSIENT, failure.kind());
        assertEquals("jira.search.jql: HTTP 503 from 127.0.0.1 after 4 attempts; retry on redelivery",
                failure.getMessage());
        assertEquals(4, jira.requests().size());
    }

    @Test
    void aRetryAfterLongerThanAFunctionShouldWaitIsTransientAtOnce() {
        jira.failNext(1, new FakeApi.Response(429, Map.of("Retry-After", "120"), ""));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> newSink().find(ticket().fingerprint()));

        assertEquals(FailureKind.TRANSIENT, failure.kind());
        assertEquals(List.of(), waits);
        assertEquals(1, jira.requests().size());
    }

    @Test
    void noServerListeningIsTransient() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        TrackerSink sink = sink(settings("http://127.0.0.1:" + closed, "Done"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> sink.find(ticket().fingerprint()));

        assertEquals(FailureKind.TRANSIENT, failure.kind());
        assertEquals("jira.search.jql: no answer (ConnectException) from 127.0.0.1 after 4 attempts; retry on"
                + " redelivery", failure.getMessage());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), waits);
    }

    @Test
    void anOutcomeIsACommentCarryingItsKey() {
        TicketDesk desk = Samples.desk(newSink());
        Decision decision = Samples.violation(MG001);
        desk.apply(Samples.evaluated(decision));

        desk.apply(Samples.remediated(decision, Samples.replacementCreated()));

        JsonNode comment = jira.issues.get("SEC-1").comments.get(0);
        assertEquals("replacement created:", comment.path("content").get(0).path("content").get(0).path("text").asText());
        assertEquals(dev.metadataguard.ticket.OutcomeKey.marker(
                        dev.metadataguard.ticket.OutcomeKey.of(Samples.replacementCreated())),
                comment.path("content").get(1).path("content").get(0).path("text").asText());
    }

    @Test
    void anOutcomeMarkerInSomeoneElsesCommentOrOneTheyEditedCountsForNothing() {
        TicketDesk desk = Samples.desk(newSink());
        Decision decision = Samples.violation(MG001);
        desk.apply(Samples.evaluated(decision));
        JsonNode forged = AdfWriter.document(dev.metadataguard.ticket.TicketRenderer.outcomeNote(Samples.replacementCreated()));
        jira.addComment("SEC-1", "pool-owner", "pool-owner", forged);
        jira.addComment("SEC-1", FakeJira.ACCOUNT_ID, "an-admin", forged);
        jira.index();

        assertEquals(java.util.Set.of(), newSink().find(decision.fingerprint()).get(0).outcomeKeys());
        assertEquals(Change.OUTCOME_ADDED, desk.apply(Samples.remediated(decision, Samples.replacementCreated())).change());
        assertEquals(java.util.Set.of(dev.metadataguard.ticket.OutcomeKey.of(Samples.replacementCreated())),
                newSink().find(decision.fingerprint()).get(0).outcomeKeys());
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
