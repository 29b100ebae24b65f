package dev.metadataguard.ticket.sink;

import static dev.metadataguard.ticket.Samples.MG001;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.log.StructuredLog;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.TicketDesk;
import dev.metadataguard.config.TicketSettings;
import dev.metadataguard.ticket.TicketSink;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs every sink that holds a credential through success and failure, with a credential that is easy
 * to spot, and fails if it (or the Basic credential made from it) shows up in any log line, any
 * exception message along a cause chain, or any {@code toString()}.
 */
class SecretsStayOutTest {

    private static final String SECRET = FakeApi.SECRET;
    private static final String BASIC = Base64.getEncoder()
            .encodeToString((FakeJira.EMAIL + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    /** The token as a server might echo it: whole, URL-encoded, Base64 at any offset (the Basic credential's too). */
    private static final List<String> FORMS = List.of(SECRET, URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
            base64(SECRET), base64(SECRET.substring(1)), base64(SECRET.substring(2)),
            Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
    /** What a misbehaving tracker sends back: each form, the token less two characters, wrapped in other text. */
    private static final List<String> ECHOES = List.of(
            "bad token " + URLEncoder.encode(SECRET, StandardCharsets.UTF_8) + " given",
            "token=" + base64(SECRET), "header Basic " + BASIC + " refused",
            "close: " + SECRET.substring(0, SECRET.length() - 2) + "!", "part " + SECRET.substring(3, 13) + " seen",
            "b64 of a part: " + base64(SECRET.substring(4)),
            Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
    private static final Function<String, String> ENV = Map.of(
            JiraTracker.TOKEN_VARIABLE, SECRET, GitHubTracker.TOKEN_VARIABLE, SECRET, WebhookFeed.SECRET_VARIABLE, SECRET)::get;

    private final List<String> seen = new ArrayList<>();
    private StructuredLog.Redirect capture;

    @BeforeEach
    void listen() {
        capture = StructuredLog.redirect(line -> {
            synchronized (seen) {
                seen.add(line);
            }
        });
    }

    @AfterEach
    void check() {
        capture.close();
        assertTrue(seen.size() > 3, "the scenarios log: " + seen);
        for (String text : seen) {
            assertFalse(text.contains(BASIC), "the Basic credential reached the text: " + text);
            for (String form : FORMS) {
                for (int i = 0; i + Redactor.MIN_RUN <= form.length(); i++) {
                    String run = form.substring(i, i + Redactor.MIN_RUN);
                    assertFalse(text.contains(run), "part of a credential (" + run + ") reached the text: " + text);
                }
            }
        }
    }

    @Test
    void encodedAndPartialEchoesAreMaskedInEverySink() throws Exception {
        try (FakeJira jira = new FakeJira(Samples.CLOCK, SECRET)) {
            TicketSink sink = TicketSinks.create(TicketSettings.fromYaml("sink: jira\njira: {baseUrl: \"" + jira.url()
                    + "\", email: " + FakeJira.EMAIL + ", projectKey: " + FakeJira.PROJECT + "}\n"), ENV, transport());
            for (String echo : ECHOES) {
                jira.failNext(1, FakeApi.Response.json(400, "{\"errorMessages\":[\"" + echo + "\"],\"errors\":{\"a\":\""
                        + echo + "\"},\"echo\":\"" + echo + "\"}"));
                fail(sink);
            }
        }
        try (FakeGitHub github = new FakeGitHub(Samples.CLOCK, SECRET)) {
            TicketSink sink = TicketSinks.create(TicketSettings.fromYaml("sink: github\ngithub: {apiUrl: \""
                    + github.url() + "\", owner: " + FakeGitHub.OWNER + ", repo: " + FakeGitHub.REPO + "}\n"), ENV, transport());
            for (String echo : ECHOES) {
                github.failNext(1, FakeApi.Response.json(422, "{\"message\":\"" + echo + "\",\"errors\":[{\"message\":\""
                        + echo + "\"}]}"));
                fail(sink);
            }
        }
        try (WebhookFeedTest.Receiver receiver = new WebhookFeedTest.Receiver()) {
            TicketSink sink = TicketSinks.create(TicketSettings.fromYaml("sink: webhook\nwebhook: {url: \""
                    + receiver.url() + "/hook\"}\n"), ENV, transport());
            for (String echo : ECHOES) {
                receiver.failNext(1, FakeApi.Response.json(400, "{\"error\":{\"message\":\"" + echo + "\"}}"));
                fail(sink);
            }
        }
        assertTrue(seen.stream().anyMatch(text -> text.contains(Redactor.MASK)), "the echoes were masked: " + seen);
    }

    @Test
    void jira() throws Exception {
        try (FakeJira jira = new FakeJira(Samples.CLOCK, SECRET)) {
            TicketSettings settings = TicketSettings.fromYaml("sink: jira\njira: {baseUrl: \"" + jira.url()
                    + "\", email: " + FakeJira.EMAIL + ", projectKey: " + FakeJira.PROJECT + "}\n");
            TicketSink sink = TicketSinks.create(settings, ENV, transport());
            seen.add(sink.toString());
            seen.add(settings.toString());
            lifecycle(sink);
            jira.failNext(1, FakeApi.Response.json(400, "{\"echo\":\"Basic " + BASIC + "\",\"token\":\"" + SECRET + "\"}"));
            fail(sink);
            jira.failNext(4, FakeApi.Response.json(503, "{}"));
            fail(sink);
            jira.failNext(1, FakeApi.Response.json(401, "{}"));
            fail(sink);
        }
        fail(TicketSinks.create(TicketSettings.fromYaml("sink: jira\njira: {baseUrl: \"http://127.0.0.1:" + closedPort()
                + "\", email: " + FakeJira.EMAIL + ", projectKey: SEC}\n"), ENV, transport()));
    }

    @Test
    void github() throws Exception {
        try (FakeGitHub github = new FakeGitHub(Samples.CLOCK, SECRET)) {
            TicketSettings settings = TicketSettings.fromYaml("sink: github\ngithub: {apiUrl: \"" + github.url()
                    + "\", owner: " + FakeGitHub.OWNER + ", repo: " + FakeGitHub.REPO + "}\n");
            TicketSink sink = TicketSinks.create(settings, ENV, transport());
            seen.add(sink.toString());
            lifecycle(sink);
            github.failNext(1, FakeApi.Response.json(422, "{\"message\":\"token " + SECRET + " is bad\"}"));
            fail(sink);
            github.failNext(1, new FakeApi.Response(403, Map.of("Retry-After", "1", "X-RateLimit-Remaining", "0"), ""));
            sink.find("mg-0000000000000000");
            github.failNext(1, FakeApi.Response.json(401, "{\"message\":\"Bad credentials: Bearer " + SECRET + "\"}"));
            fail(sink);
        }
    }

    @Test
    void webhook() throws Exception {
        try (WebhookFeedTest.Receiver receiver = new WebhookFeedTest.Receiver()) {
            TicketSettings settings = TicketSettings.fromYaml("sink: webhook\nwebhook: {url: \"" + receiver.url()
                    + "/hook\"}\n");
            TicketSink sink = TicketSinks.create(settings, ENV, transport());
            seen.add(sink.toString());
            lifecycle(sink);
            receiver.failNext(2, FakeApi.Response.json(503, "{}"));
            lifecycle(sink);
            receiver.failNext(1, FakeApi.Response.json(400, "{\"got\":\"" + SECRET + "\"}"));
            fail(sink);
            receiver.failNext(4, FakeApi.Response.json(500, "{}"));
            fail(sink);
        }
    }

    @Test
    void theSecretItselfPrintsOnlyItsVariable() {
        Secret secret = Secret.fromEnvironment(ENV, JiraTracker.TOKEN_VARIABLE, "test");

        assertEquals("Secret[MG_JIRA_TOKEN]", secret.toString());
        seen.add(secret.toString());
        seen.add(new WebhookFeed(URI.create("https://hooks.example.com/x"), secret, transport()).toString());
        seen.add(TicketSettings.defaults().toString());
        seen.add(String.valueOf(transport()));
    }

    private void lifecycle(TicketSink sink) {
        TicketDesk desk = Samples.desk(sink);
        Decision decision = Samples.violation(MG001);
        seen.add(desk.apply(Samples.evaluated(decision)).toString());
        seen.add(desk.apply(Samples.remediated(decision, Samples.replacementCreated())).toString());
        seen.add(desk.apply(Samples.compliantAt(Samples.CREATED.plusSeconds(600))).toString());
    }

    /** Runs a request that must fail, and keeps every message along the cause chain. */
    private void fail(TicketSink sink) {
        try {
            Samples.desk(sink).apply(Samples.evaluated(Samples.decision(Samples.POOL,
                    dev.metadataguard.policy.Outcome.VIOLATION, Samples.CREATED.plusSeconds(7200),
                    MG001, Samples.MG004)));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                seen.add(t.toString());
            }
            return;
        }
        throw new AssertionError("the request was meant to fail");
    }

    private static HttpTransport transport() {
        return FakeApi.transport(Samples.CLOCK, new ArrayList<>());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
