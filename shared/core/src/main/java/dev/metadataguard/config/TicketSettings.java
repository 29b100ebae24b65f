package dev.metadataguard.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Set;

/**
 * Where tickets go: the {@code tickets:} section of the policy file. Only the chosen sink's section is
 * needed; unknown keys are refused so a typo cannot silently fall back to a default (by any mapper that
 * keeps Jackson's default FAIL_ON_UNKNOWN_PROPERTIES, as {@link #fromYaml} does). Credentials never
 * appear here: they come from the environment ({@code MG_JIRA_TOKEN}, {@code MG_GITHUB_TOKEN},
 * {@code MG_WEBHOOK_SECRET}).
 *
 * @param sink  one of {@link #SINKS}; {@code pubsub} when
 *              neither it nor {@code sinks} is given, empty when only {@code sinks} is
 * @param sinks several of those names, each receiving every change; null when absent (an empty list given
 *              in the file stays empty, so the validator can refuse it instead of falling back to pubsub)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TicketSettings(String sink, List<String> sinks, Pubsub pubsub, Webhook webhook, Jira jira,
        Github github, Directory directory, Scc scc) {

    public static final String DEFAULT_SINK = "pubsub";
    /** The sinks there are, one section each below; {@code ticket.sink.TicketSinks} builds each (a test keeps the two equal). */
    public static final Set<String> SINKS = Set.of(DEFAULT_SINK, "webhook", "jira", "github", "directory", "scc");

    public TicketSettings {
        sinks = sinks == null ? null : sinks.stream().map(name -> text(name, "")).toList();
        sink = text(sink, sinks == null ? DEFAULT_SINK : "");
        pubsub = pubsub == null ? new Pubsub(null) : pubsub;
        webhook = webhook == null ? new Webhook(null) : webhook;
        jira = jira == null ? new Jira(null, null, null, null, null, null) : jira;
        github = github == null ? new Github(null, null, null) : github;
        directory = directory == null ? new Directory(null) : directory;
        scc = scc == null ? new Scc(null) : scc;
    }

    /** The sinks every change goes to, in the order given: {@code sinks}, or the single {@code sink}. */
    public List<String> chosen() {
        return sinks == null ? List.of(sink) : sinks;
    }

    /** @param topic full name, {@code projects/P/topics/T} */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Pubsub(String topic) {
        public Pubsub {
            topic = text(topic, "");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Webhook(String url) {
        public Webhook {
            url = text(url, "");
        }
    }

    /**
     * @param baseUrl           the site, {@code https://SITE.atlassian.net}
     * @param email             the account the API token belongs to
     * @param resolveTransition the workflow transition that closes an issue
     * @param reopenTransition  the one that opens it again
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Jira(String baseUrl, String email, String projectKey, String issueType, String resolveTransition,
            String reopenTransition) {
        public Jira {
            baseUrl = text(baseUrl, "");
            email = text(email, "");
            projectKey = text(projectKey, "");
            issueType = text(issueType, "Bug");
            resolveTransition = text(resolveTransition, "Done");
            reopenTransition = text(reopenTransition, "To Do");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Github(String apiUrl, String owner, String repo) {
        public Github {
            apiUrl = text(apiUrl, "https://api.github.com");
            owner = text(owner, "");
            repo = text(repo, "");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Directory(String path) {
        public Directory {
            path = text(path, "");
        }
    }

    /**
     * @param source the Security Command Center source the deployment owns, {@code organizations/ORG/sources/ID};
     *               its findings live at {@code locations/global}
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Scc(String source) {
        public Scc {
            source = text(source, "");
        }
    }

    public static TicketSettings defaults() {
        return new TicketSettings(null, null, null, null, null, null, null, null);
    }

    /** Reads the section on its own, from YAML or JSON (JSON is YAML). */
    public static TicketSettings fromYaml(String yaml) {
        try {
            return new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(yaml, TicketSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tickets: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
