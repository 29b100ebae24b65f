package dev.metadataguard.ticket.sink;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.pubsub.PubsubPublisher;
import dev.metadataguard.config.TicketSettings;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketSink;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every ticket sink, by the name the settings choose it with, and how each is built from its settings
 * and the environment. A new sink is one class and one line in {@link #SINKS}. Building checks the
 * settings and the credentials up front, so a wrong setup fails at start with what to change.
 */
public final class TicketSinks {

    private interface Factory {
        /** @param links the ticket's page in another chosen sink (a tracker), for sinks that point to it */
        TicketSink build(TicketSettings settings, Function<String, String> env, HttpTransport transport,
                Function<Ticket, Optional<String>> links);
    }

    private static final Map<String, Factory> SINKS = Map.of(
            PubsubFeed.NAME, TicketSinks::pubsub,
            WebhookFeed.NAME, TicketSinks::webhook,
            JiraTracker.NAME, TicketSinks::jira,
            GitHubTracker.NAME, TicketSinks::github,
            DirectorySink.NAME, TicketSinks::directory,
            SccSink.NAME, TicketSinks::scc);
    private static final Pattern TOPIC = Pattern.compile("projects/[^/]+/topics/[^/]+");
    private static final Pattern GITHUB_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private TicketSinks() {
    }

    /** The permissions the scc sink needs on its source, one per call it makes. */
    public static Set<String> sccSourcePermissions() {
        return SccSink.PERMISSIONS;
    }

    public static Set<String> names() {
        return new TreeSet<>(SINKS.keySet());
    }

    /**
     * The one sink the settings choose.
     *
     * @param env the environment, e.g. {@code System::getenv}; credentials are read from it, never from settings
     * @throws IllegalArgumentException naming the setting or the environment variable to fix, or when the
     *                                  settings choose several sinks ({@link #createAll})
     */
    public static TicketSink create(TicketSettings settings, Function<String, String> env) {
        return create(settings, env, HttpTransport.standard());
    }

    public static TicketSink create(TicketSettings settings, Function<String, String> env, HttpTransport transport) {
        if (settings.chosen().size() != 1) {
            throw new IllegalArgumentException("tickets.sinks: " + settings.chosen() + " are several sinks; build"
                    + " them all with createAll");
        }
        return build(settings.chosen().get(0), settings, env, transport, ticket -> Optional.empty());
    }

    /** Every sink the settings choose, in their order; all are checked before any is returned. */
    public static List<TicketSink> createAll(TicketSettings settings, Function<String, String> env) {
        return createAll(settings, env, HttpTransport.standard());
    }

    public static List<TicketSink> createAll(TicketSettings settings, Function<String, String> env,
            HttpTransport transport) {
        List<TicketSink> sinks = new ArrayList<>();
        try {
            for (String name : settings.chosen()) {
                sinks.add(build(name, settings, env, transport, ticket -> linkIn(sinks, ticket)));
            }
        } catch (RuntimeException e) {
            sinks.forEach(TicketSink::close);
            throw e;
        }
        return List.copyOf(sinks);
    }

    /**
     * The ticket's page in the first sink that has one, looked up when asked (so a tracker listed before
     * the asking sink already holds the ticket). A failed lookup leaves the link out rather than the write.
     */
    private static Optional<String> linkIn(List<TicketSink> sinks, Ticket ticket) {
        for (TicketSink sink : sinks) {
            try {
                Optional<String> link = sink.link(ticket.fingerprint());
                if (link.isPresent()) {
                    return link;
                }
            } catch (ApiFailure failure) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static TicketSink build(String name, TicketSettings settings, Function<String, String> env,
            HttpTransport transport, Function<Ticket, Optional<String>> links) {
        Factory factory = SINKS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("tickets.sink: there is no sink '" + name
                    + "'; choose one of " + String.join(", ", names()));
        }
        return factory.build(settings, env, transport, links);
    }

    private static TicketSink pubsub(TicketSettings settings, Function<String, String> env, HttpTransport transport,
            Function<Ticket, Optional<String>> links) {
        String topic = required(settings.pubsub().topic(), "tickets.pubsub.topic", PubsubFeed.NAME);
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("tickets.pubsub.topic: expected projects/PROJECT/topics/TOPIC, got '"
                    + topic + "'");
        }
        return new FeedSink(PubsubFeed.NAME, new PubsubFeed(topic, PubsubPublisher.fromEnvironment(env)));
    }

    private static TicketSink webhook(TicketSettings settings, Function<String, String> env, HttpTransport transport,
            Function<Ticket, Optional<String>> links) {
        URI url = httpsUrl(required(settings.webhook().url(), "tickets.webhook.url", WebhookFeed.NAME),
                "tickets.webhook.url");
        Secret key = Secret.fromEnvironment(env, WebhookFeed.SECRET_VARIABLE,
                "the webhook ticket sink signs every request with it");
        return new FeedSink(WebhookFeed.NAME, new WebhookFeed(url, key, transport));
    }

    private static TicketSink jira(TicketSettings settings, Function<String, String> env, HttpTransport transport,
            Function<Ticket, Optional<String>> links) {
        TicketSettings.Jira jira = settings.jira();
        httpsUrl(required(jira.baseUrl(), "tickets.jira.baseUrl", JiraTracker.NAME), "tickets.jira.baseUrl");
        required(jira.email(), "tickets.jira.email", JiraTracker.NAME);
        required(jira.projectKey(), "tickets.jira.projectKey", JiraTracker.NAME);
        Secret token = Secret.fromEnvironment(env, JiraTracker.TOKEN_VARIABLE,
                "the jira ticket sink signs in with this API token of " + jira.email());
        return new TrackerSink(JiraTracker.NAME, new JiraTracker(jira, token, transport));
    }

    private static TicketSink github(TicketSettings settings, Function<String, String> env, HttpTransport transport,
            Function<Ticket, Optional<String>> links) {
        TicketSettings.Github github = settings.github();
        httpsUrl(github.apiUrl(), "tickets.github.apiUrl");
        githubName(github.owner(), "tickets.github.owner");
        githubName(github.repo(), "tickets.github.repo");
        Secret token = Secret.fromEnvironment(env, GitHubTracker.TOKEN_VARIABLE,
                "the github ticket sink needs a token with Issues: read and write on "
                        + github.owner() + "/" + github.repo());
        return new TrackerSink(GitHubTracker.NAME, new GitHubTracker(github, token, transport));
    }

    private static TicketSink directory(TicketSettings settings, Function<String, String> env,
            HttpTransport transport, Function<Ticket, Optional<String>> links) {
        return new DirectorySink(Path.of(required(settings.directory().path(), "tickets.directory.path",
                DirectorySink.NAME)));
    }

    private static TicketSink scc(TicketSettings settings, Function<String, String> env, HttpTransport transport,
            Function<Ticket, Optional<String>> links) {
        String source = required(settings.scc().source(), "tickets.scc.source", SccSink.NAME);
        if (!SccSink.SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException("tickets.scc.source: expected organizations/ORG_ID/sources/SOURCE_ID"
                    + " (Terraform's scc_source output), got '" + source + "'");
        }
        Optional<String> endpoint = Optional.ofNullable(env.apply(SccSink.ENDPOINT_VARIABLE)).filter(e -> !e.isBlank());
        return new SccSink(source, SccSink.client(endpoint), links);
    }

    private static void githubName(String value, String setting) {
        if (!GITHUB_NAME.matcher(required(value, setting, GitHubTracker.NAME)).matches()) {
            throw new IllegalArgumentException(setting + ": '" + value + "' is not a GitHub owner or repository name");
        }
    }

    private static String required(String value, String setting, String sink) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(setting + " is required when " + sink + " is a ticket sink");
        }
        return value;
    }

    /** Credentials travel with these requests: plain http only to this machine (tests, local receivers). */
    private static URI httpsUrl(String value, String setting) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " is not a URL: " + e.getReason());
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (host.isEmpty() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && local)) {
            // Only scheme and host: a webhook URL can itself carry a credential.
            throw new IllegalArgumentException(setting + " must be an https URL (plain http only for localhost);"
                    + " got scheme '" + uri.getScheme() + "' and host '" + host + "'");
        }
        return uri;
    }
}
