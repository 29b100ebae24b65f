package dev.metadataguard.ticket;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Where tickets go: the {@code tickets:} section of the policy file. Only the chosen sink's section is
 * needed; unknown keys are refused so a typo cannot silently fall back to a default (by any mapper that
 * keeps Jackson's default FAIL_ON_UNKNOWN_PROPERTIES, as {@link #fromYaml} does). Credentials never
 * appear here: they come from the environment ({@code MG_JIRA_TOKEN}, {@code MG_GITHUB_TOKEN},
 * {@code MG_WEBHOOK_SECRET}).
 *
 * @param sink one of the names in {@code dev.metadataguard.ticket.sink.TicketSinks}; {@code pubsub} when absent
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TicketSettings(String sink, Pubsub pubsub, Webhook webhook, Jira jira, Github github,
        Directory directory) {

    public static final String DEFAULT_SINK = "pubsub";

    public TicketSettings {
        sink = text(sink, DEFAULT_SINK);
        pubsub = pubsub == null ? new Pubsub(null) : pubsub;
        webhook = webhook == null ? new Webhook(null) : webhook;
        jira = jira == null ? new Jira(null, null, null, null, null, null) : jira;
        github = github == null ? new Github(null, null, null) : github;
        directory = directory == null ? new Directory(null) : directory;
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

    public static TicketSettings defaults() {
        return new TicketSettings(null, null, null, null, null, null);
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
