package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
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
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketRenderer;
import dev.metadataguard.config.TicketSettings;
import dev.metadataguard.ticket.TicketSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubTrackerTest extends TrackerContract {

    private final FakeGitHub github = new FakeGitHub(Samples.CLOCK, FakeApi.SECRET);
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        github.close();
    }

    @Override
    protected TicketSink newSink() {
        return sink(FakeGitHub.OWNER, FakeGitHub.REPO, FakeApi.SECRET);
    }

    @Override
    protected List<Held> held() {
        return github.held();
    }

    private TrackerSink sink(String owner, String repo, String token) {
        return new TrackerSink(GitHubTracker.NAME, new GitHubTracker(new TicketSettings.Github(github.url(), owner, repo),
                Secret.fromEnvironment(Map.of(GitHubTracker.TOKEN_VARIABLE, token)::get, GitHubTracker.TOKEN_VARIABLE, "t"),
                FakeApi.transport(Samples.CLOCK, waits)));
    }

    private static Ticket ticket() {
        return Samples.composer().violation(Samples.violation(MG001), Optional.empty());
    }

    @Test
    void everyRequestCarriesTheTokenTheMediaTypeAndTheApiVersion() {
        newSink().find(ticket().fingerprint());

        FakeApi.Request request = github.requests().get(0);
        assertEquals("Bearer " + FakeApi.SECRET, request.header("Authorization"));
        assertEquals("application/vnd.github+json", request.header("Accept"));
        assertEquals("2022-11-28", request.header("X-GitHub-Api-Version"));
        assertEquals("metadata-guard", request.header("User-Agent"));
    }

    @Test
    void findsIssuesByTheirLabelInEveryState() {
        Ticket ticket = ticket();

        newSink().find(ticket.fingerprint());

        FakeApi.Request list = github.requests().get(0);
        assertEquals("GET /repos/acme/platform-security/issues", list.method() + " " + list.path());
        assertEquals("labels=" + ticket.fingerprint() + "&state=all&sort=created&direction=asc&per_page=100",
                list.query());
    }

    @Test
    void createsAnIssueWithTitleLabelsMarkdownBodyAndAHiddenFingerprint() {
        Ticket ticket = ticket();

        assertEquals("1", newSink().create(ticket).id());

        JsonNode body = github.requests().get(0).json();
        assertEquals(ticket.title(), body.path("title").asText());
        assertEquals(List.of(ticket.fingerprint(), ticket.resourceKey(),
                TicketComposer.clusterKey(ticket.resource()).orElseThrow(), "metadata-guard"),
                JiraTrackerTest.texts(body.path("labels")));
        assertEquals(TicketRenderer.markdown(TicketRenderer.body(ticket)) + "\n<!-- metadata-guard:"
                + ticket.fingerprint() + " -->\n", body.path("body").asText());
    }

    @Test
    void pullRequestsWithTheLabelAreNotTickets() {
        Ticket ticket = ticket();
        github.addPullRequest(ticket.fingerprint());

        assertEquals(List.of(), newSink().find(ticket.fingerprint()));
    }

    @Test
    void resolvingCommentsThenClosesTheIssueAsCompleted() {
        TicketDesk desk = Samples.desk(newSink());
        desk.apply(Samples.evaluated(Samples.violation(MG001)));

        desk.apply(Samples.compliantAt(RESOLVED_AT));

        List<FakeApi.Request> requests = github.requests();
        FakeApi.Request comment = requests.get(requests.size() - 2);
        FakeApi.Request close = requests.get(requests.size() - 1);
        assertEquals("POST /repos/acme/platform-security/issues/1/comments", comment.method() + " " + comment.path());
        assertEquals("**Resolved:** re-evaluated compliant at 2026-11-28T10:00:00Z.\n",
                comment.json().path("body").asText());
        assertEquals("PATCH /repos/acme/platform-security/issues/1", close.method() + " " + close.path());
        assertEquals("{\"state\":\"closed\",\"state_reason\":\"completed\"}", close.body());
    }

    @Test
    void anOutcomeIsACommentWithAHiddenKey() {
        TicketDesk desk = Samples.desk(newSink());
        Decision decision = Samples.violation(MG001);
        desk.apply(Samples.evaluated(decision));

        desk.apply(Samples.remediated(decision, Samples.replacementCreated()));

        assertEquals(List.of(TicketRenderer.markdown(TicketRenderer.outcomeNote(Samples.replacementCreated()))),
                github.comments.get(1).stream().map(c -> c.path("body").asText()).toList());
    }

    @Test
    void anOutcomeMarkerInSomeoneElsesCommentCountsForNothing() {
        TicketDesk desk = Samples.desk(newSink());
        Decision decision = Samples.violation(MG001);
        desk.apply(Samples.evaluated(decision));
        // The pool's owner copies the marker of the outcome "replacement created" into a comment of their own.
        github.addComment(1, "pool-owner", TicketRenderer.markdown(TicketRenderer.outcomeNote(Samples.replacementCreated())));

        assertEquals(Set.of(), newSink().find(decision.fingerprint()).get(0).outcomeKeys());
        assertEquals(Change.OUTCOME_ADDED, desk.apply(Samples.remediated(decision, Samples.replacementCreated())).change(),
                "the guard's own record of the outcome is still missing, so it is added");
        assertEquals(Set.of(dev.metadataguard.ticket.OutcomeKey.of(Samples.replacementCreated())),
                newSink().find(decision.fingerprint()).get(0).outcomeKeys());
    }

    @Test
    void aBadTokenIsPermanentAndNamesTheVariable() {
        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> sink(FakeGitHub.OWNER, FakeGitHub.REPO, "ghp_revoked").find(ticket().fingerprint()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("github.issues.list: HTTP 401 from 127.0.0.1: the credentials were refused; the token in"
                + " MG_GITHUB_TOKEN is missing, expired or revoked", failure.getMessage());
    }

    @Test
    void anUnknownRepositoryIsPermanentAndNamesTheSettings() {
        ApiFailure failure = assertThrows(ApiFailure.class,
                () -> sink(FakeGitHub.OWNER, "no-such-repo", FakeApi.SECRET).create(ticket()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("github.issues.create: HTTP 404 from 127.0.0.1: not found; check tickets.github.owner and"
                + " tickets.github.repo (acme/no-such-repo) and tickets.github.apiUrl; GitHub also answers 404 when"
                + " the token cannot see a private repository", failure.getMessage());
    }

    @Test
    void aCommentOnAMissingIssueIsPermanent() {
        ApiFailure failure = assertThrows(ApiFailure.class, () -> newSink().addOutcome(
                new TicketRecord("1", "mg-0000000000000000", true, Optional.empty(), java.util.Set.of(),
                        Optional.empty()), ticket(), Samples.replacementCreated()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertTrue(failure.getMessage().startsWith("github.issues.comment: HTTP 404"), failure.getMessage());
    }

    @Test
    void aValidationFailureIsPermanentAndQuotesTheServer() {
        github.failNext(1, FakeApi.Response.json(422, "{\"message\":\"Validation Failed\"}"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> newSink().create(ticket()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("github.issues.create: HTTP 422 from 127.0.0.1: the request was refused:"
                + " Validation Failed", failure.getMessage());
    }

    @Test
    void aSecondaryRateLimitIsWaitedOut() {
        github.failNext(1, new FakeApi.Response(403, Map.of("Retry-After", "3", "X-RateLimit-Remaining", "0"),
                "{\"message\":\"You have exceeded a secondary rate limit.\"}"));

        assertEquals(Change.OPENED, Samples.desk(newSink()).apply(Samples.evaluated(Samples.violation(MG001))).change());

        assertEquals(List.of(Duration.ofSeconds(3)), waits);
    }

    @Test
    void aForbiddenRepositoryWithoutRateLimitIsAPermissionProblem() {
        github.failNext(1, FakeApi.Response.json(403, "{\"message\":\"Resource not accessible by personal access"
                + " token\"}"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> newSink().create(ticket()));

        assertEquals(FailureKind.PERMISSION_DENIED, failure.kind());
        assertEquals("github.issues.create: HTTP 403 from 127.0.0.1: not allowed; the token in MG_GITHUB_TOKEN"
                + " needs Issues: read and write on acme/platform-security", failure.getMessage());
        assertEquals(List.of(), waits);
    }

    @Test
    void aServerErrorThenSuccessIsRetried() {
        github.failNext(1, FakeApi.Response.json(502, "{}"));

        assertEquals(List.of(), newSink().find(ticket().fingerprint()));
        assertEquals(List.of(Duration.ofMillis(500)), waits);
        assertEquals(2, github.requests().size());
    }

    @Test
    void aSuccessfulAnswerThatIsNotJsonIsPermanent() {
        github.failNext(1, new FakeApi.Response(200, Map.of("Content-Type", "text/html"), "<html>sign in to Wi-Fi</html>"));

        ApiFailure failure = assertThrows(ApiFailure.class, () -> newSink().find(ticket().fingerprint()));

        assertEquals(FailureKind.PERMANENT, failure.kind());
        assertEquals("github.issues.list: the answer from 127.0.0.1 is not JSON; check tickets.github.owner and"
                + " tickets.github.repo (acme/platform-security) and tickets.github.apiUrl; GitHub also answers 404 when"
                + " the token cannot see a private repository", failure.getMessage());
    }
}
