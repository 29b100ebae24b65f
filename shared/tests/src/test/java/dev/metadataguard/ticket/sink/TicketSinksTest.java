package dev.metadataguard.ticket.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metadataguard.config.TicketSettings;
import dev.metadataguard.ticket.Samples;
import dev.metadataguard.ticket.TicketDesks;
import dev.metadataguard.ticket.TicketSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TicketSinksTest {

    private static final Map<String, String> SECRETS = Map.of(
            "MG_JIRA_TOKEN", "jira-token", "MG_GITHUB_TOKEN", "github-token", "MG_WEBHOOK_SECRET", "hook-key");

    @TempDir
    Path folder;

    private String settings(String sink) {
        return """
                sink: %s
                pubsub: {topic: projects/acme-sec/topics/tickets}
                webhook: {url: "https://hooks.example.com/metadata-guard"}
                jira: {baseUrl: "https://acme.atlassian.net", email: guard@acme.example, projectKey: SEC}
                github: {owner: acme, repo: platform-security}
                directory: {path: "%s"}
                scc: {source: organizations/123456789012/sources/4417}
                """.formatted(sink, folder.resolve("tickets"));
    }

    private static TicketSink build(String yaml, Function<String, String> env) {
        return TicketSinks.create(TicketSettings.fromYaml(yaml), env);
    }

    @Test
    void theRegistryBuildsEverySinkTheSettingsName() {
        assertEquals(Set.of("directory", "github", "jira", "pubsub", "scc", "webhook"), TicketSinks.names());
        assertEquals(TicketSettings.SINKS, TicketSinks.names());
    }

    @ParameterizedTest
    @CsvSource({
        "pubsub, FeedSink",
        "webhook, FeedSink",
        "jira, TrackerSink",
        "github, TrackerSink",
        "directory, DirectorySink",
        "scc, SccSink",
    })
    void eachNameBuildsItsSink(String name, String type) {
        try (TicketSink sink = build(settings(name), SECRETS::get)) {
            assertEquals(type, sink.getClass().getSimpleName());
            assertEquals(name, sink.name());
        }
    }

    @Test
    void theDirectorySinkMakesItsFolder() {
        build(settings("directory"), SECRETS::get);

        assertTrue(Files.isDirectory(folder.resolve("tickets")));
    }

    @Test
    void anUnknownSinkListsTheChoices() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> build(settings("jra"), SECRETS::get));

        assertEquals("tickets.sink: there is no sink 'jra'; choose one of directory, github, jira, pubsub, scc, webhook",
                error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "jira, MG_JIRA_TOKEN",
        "github, MG_GITHUB_TOKEN",
        "webhook, MG_WEBHOOK_SECRET",
    })
    void aMissingCredentialFailsAtStartNamingTheVariable(String sink, String variable) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> build(settings(sink), name -> name.equals(variable) ? "  " : SECRETS.get(name)));

        assertTrue(error.getMessage().startsWith(variable + " is not set: "), error.getMessage());
    }

    @Test
    void severalSinksAreBuiltInTheirOrder() {
        List<TicketSink> sinks = TicketSinks.createAll(TicketSettings.fromYaml(settings("x").replace("sink: x",
                "sinks: [github, scc, directory]")), SECRETS::get);

        assertEquals(List.of("github", "scc", "directory"), sinks.stream().map(TicketSink::name).toList());
        sinks.forEach(TicketSink::close);
    }

    @Test
    void anSccFindingLinksToTheIssueOfTheTrackerListedBeforeIt() {
        try (FakeGitHub github = new FakeGitHub(Samples.CLOCK, FakeApi.SECRET);
                EmbeddedSecurityCenter scc = new EmbeddedSecurityCenter(Clock.systemUTC(), SccSink.PERMISSIONS)
                        .addSource(SccSinkTest.SOURCE)) {
            String yaml = "sinks: [github, scc]\ngithub: {apiUrl: \"" + github.url() + "\", owner: " + FakeGitHub.OWNER
                    + ", repo: " + FakeGitHub.REPO + "}\nscc: {source: " + SccSinkTest.SOURCE + "}\n";
            Map<String, String> env = Map.of(GitHubTracker.TOKEN_VARIABLE, FakeApi.SECRET,
                    SccSink.ENDPOINT_VARIABLE, scc.startOnLoopback());
            List<TicketSink> sinks = TicketSinks.createAll(TicketSettings.fromYaml(yaml), env::get);
            try {
                new TicketDesks(sinks.stream().map(Samples::desk).toList())
                        .apply(Samples.evaluated(Samples.violation(Samples.MG001)));
            } finally {
                sinks.forEach(TicketSink::close);
            }

            assertEquals(github.url() + "/" + FakeGitHub.OWNER + "/" + FakeGitHub.REPO + "/issues/1",
                    scc.findings().get(0).getExternalUri());
        }
    }

    @Test
    void anIssuesPageIsOnTheSiteOfItsApi() {
        Secret token = Secret.fromEnvironment(SECRETS::get, GitHubTracker.TOKEN_VARIABLE, "t");
        assertEquals("https://github.com/acme/sec/issues/7", new GitHubTracker(new TicketSettings.Github(null, "acme",
                "sec"), token, HttpTransport.standard()).link("7"));
        assertEquals("https://git.acme.example/acme/sec/issues/7", new GitHubTracker(new TicketSettings.Github(
                "https://git.acme.example/api/v3", "acme", "sec"), token, HttpTransport.standard()).link("7"));
    }

    @Test
    void theSccSourceMustBeAnOrganisationsSource() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> build("sink: scc\nscc: {source: projects/p/sources/1}\n", SECRETS::get));

        assertTrue(error.getMessage().startsWith("tickets.scc.source: expected organizations/ORG_ID/sources/SOURCE_ID"),
                error.getMessage());
    }

    @Test
    void aMissingSettingIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> build("sink: jira\njira: {baseUrl: \"https://acme.atlassian.net\", email: g@acme.example}\n",
                        SECRETS::get));

        assertEquals("tickets.jira.projectKey is required when jira is a ticket sink", error.getMessage());
    }

    @Test
    void credentialsAreNotSentOverPlainHttpToAnotherMachine() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> build(
                "sink: webhook\nwebhook: {url: \"http://hooks.example.com/T0/B0/secretpath\"}\n", SECRETS::get));

        assertEquals("tickets.webhook.url must be an https URL (plain http only for localhost); got scheme 'http'"
                + " and host 'hooks.example.com'", error.getMessage());
    }

    @Test
    void aTopicMustBeAFullName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> build("pubsub: {topic: tickets}\n", SECRETS::get));

        assertEquals("tickets.pubsub.topic: expected projects/PROJECT/topics/TOPIC, got 'tickets'", error.getMessage());
    }

    @Test
    void anInvalidRepositoryNameIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> build("sink: github\ngithub: {owner: acme, repo: \"../../orgs\"}\n", SECRETS::get));

        assertEquals("tickets.github.repo: '../../orgs' is not a GitHub owner or repository name", error.getMessage());
    }
}
