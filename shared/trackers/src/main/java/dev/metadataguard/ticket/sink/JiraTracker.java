package dev.metadataguard.ticket.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.ticket.Block;
import dev.metadataguard.ticket.OutcomeKey;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketRenderer;
import dev.metadataguard.config.TicketSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Jira Cloud, REST API v3 with Basic auth (email and API token): issues found with the JQL search
 * ({@code POST /rest/api/3/search/jql}), created with a priority from the severity and an Atlassian
 * Document Format description, commented on, and closed or reopened by the workflow transitions the
 * settings name.
 *
 * <p>The JQL search is eventually consistent: an issue created a moment ago may be missing from it. The
 * issues this process created last are passed as {@code reconcileIssues}, which the search then includes.
 */
final class JiraTracker implements Tracker {

    static final String NAME = "jira";
    static final String TOKEN_VARIABLE = "MG_JIRA_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECONCILE_LIMIT = 50;
    private static final int SUMMARY_LIMIT = 255;
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Map<Severity, String> PRIORITY = Map.of(
            Severity.CRITICAL, "Highest", Severity.HIGH, "High", Severity.MEDIUM, "Medium", Severity.LOW, "Low");

    private final TicketSettings.Jira settings;
    private final String base;
    private final SinkHttp http;
    private final Secret token;
    private final Deque<Long> createdHere = new ArrayDeque<>();

    JiraTracker(TicketSettings.Jira settings, Secret token, HttpTransport transport) {
        this.settings = settings;
        this.base = settings.baseUrl().replaceAll("/+$", "");
        this.token = token;
        this.http = new SinkHttp(transport, new SinkHttp.Advice(
                "check tickets.jira.email (" + settings.email() + ") and the API token in " + TOKEN_VARIABLE,
                "the account " + settings.email() + " needs Browse projects, Create issues, Add comments and"
                        + " Transition issues in Jira project " + settings.projectKey(),
                "check tickets.jira.baseUrl (" + base + ") and tickets.jira.projectKey ("
                        + settings.projectKey() + ")"),
                token);
    }

    @Override
    public List<TicketRecord> search(String label) {
        ObjectNode query = JSON.createObjectNode()
                .put("jql", "labels = \"" + label + "\" ORDER BY created ASC")
                .put("maxResults", 50);
        query.putArray("fields").add("labels").add("status").add("resolutiondate").add("statuscategorychangedate")
                .add("description").add("creator");
        synchronized (createdHere) {
            if (!createdHere.isEmpty()) {
                createdHere.forEach(query.putArray("reconcileIssues")::add);
            }
        }
        JsonNode found = http.sendForJson("jira.search.jql", post("/rest/api/3/search/jql", query));
        List<TicketRecord> records = new ArrayList<>();
        for (JsonNode issue : found.path("issues")) {
            JsonNode fields = issue.path("fields");
            String issueKey = issue.path("key").asText();
            boolean done = "done".equals(fields.path("status").path("statusCategory").path("key").asText());
            Optional<Instant> resolvedAt = done
                    ? time(fields.path("resolutiondate")).or(() -> time(fields.path("statuscategorychangedate")))
                    : Optional.empty();
            // Outcome markers count only in what the guard wrote: the issue it created, and its own comments that
            // nobody else edited since (author and updateAuthor both the issue's creator).
            String guard = fields.path("creator").path("accountId").asText("");
            Set<String> outcomes = new HashSet<>(outcomeKeys(fields.path("description")));
            for (JsonNode comment : http.sendForJson("jira.issue.comments",
                    get("/rest/api/3/issue/" + path(issueKey) + "/comment?maxResults=100")).path("comments")) {
                if (!guard.isEmpty() && guard.equals(comment.path("author").path("accountId").asText())
                        && guard.equals(comment.path("updateAuthor").path("accountId").asText())) {
                    outcomes.addAll(outcomeKeys(comment.path("body")));
                }
            }
            List<String> labels = StreamSupport.stream(fields.path("labels").spliterator(), false)
                    .map(JsonNode::asText).toList();
            records.add(new TicketRecord(issueKey, TicketKeys.fingerprintIn(labels).orElse(""), !done, resolvedAt,
                    outcomes, Optional.empty()));
        }
        return records;
    }

    @Override
    public String open(Ticket ticket) {
        ObjectNode fields = JSON.createObjectNode();
        fields.putObject("project").put("key", settings.projectKey());
        fields.putObject("issuetype").put("name", settings.issueType());
        fields.put("summary", clip(ticket.title()));
        TicketKeys.labels(ticket).forEach(fields.putArray("labels")::add);
        fields.putObject("priority").put("name", PRIORITY.get(ticket.severity()));
        fields.set("description", AdfWriter.document(TicketRenderer.body(ticket)));
        ObjectNode issue = JSON.createObjectNode();
        issue.set("fields", fields);
        JsonNode created = http.sendForJson("jira.issue.create", post("/rest/api/3/issue", issue));
        synchronized (createdHere) {
            createdHere.addLast(created.path("id").asLong());
            if (createdHere.size() > RECONCILE_LIMIT) {
                createdHere.removeFirst();
            }
        }
        return created.path("key").asText();
    }

    @Override
    public void close(String issue) {
        transition(issue, settings.resolveTransition(), "tickets.jira.resolveTransition");
    }

    @Override
    public void reopen(String issue) {
        transition(issue, settings.reopenTransition(), "tickets.jira.reopenTransition");
    }

    @Override
    public String link(String issue) {
        return base + "/browse/" + issue;
    }

    @Override
    public void comment(String issueKey, List<Block> note) {
        ObjectNode body = JSON.createObjectNode();
        body.set("body", AdfWriter.document(note));
        http.send("jira.issue.comment", post("/rest/api/3/issue/" + path(issueKey) + "/comment", body));
    }

    private void transition(String issueKey, String name, String setting) {
        String transitions = "/rest/api/3/issue/" + path(issueKey) + "/transitions";
        JsonNode offered = http.sendForJson("jira.issue.transitions", get(transitions));
        List<String> names = new ArrayList<>();
        for (JsonNode transition : offered.path("transitions")) {
            String candidate = transition.path("name").asText();
            if (candidate.equalsIgnoreCase(name)) {
                ObjectNode body = JSON.createObjectNode();
                body.putObject("transition").put("id", transition.path("id").asText());
                http.send("jira.issue.transition", post(transitions, body));
                return;
            }
            names.add("'" + candidate + "'");
        }
        throw new ApiFailure(FailureKind.PERMANENT, "jira.issue.transition", "issue " + issueKey
                + " offers no transition named '" + name + "' (it offers " + String.join(", ", names)
                + "): set " + setting + " to one of them");
    }

    private HttpRequest post(String path, JsonNode body) {
        return authorised(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpRequest get(String path) {
        return authorised(path).GET().build();
    }

    private HttpRequest.Builder authorised(String path) {
        String basic = Base64.getEncoder().encodeToString(
                (settings.email() + ":" + token.value()).getBytes(StandardCharsets.UTF_8));
        return http.request(URI.create(base + path)).header("Authorization", "Basic " + basic);
    }


    private static Set<String> outcomeKeys(JsonNode adf) {
        Set<String> keys = new HashSet<>();
        adf.findValues("text").forEach(text -> keys.addAll(OutcomeKey.findIn(text.asText())));
        return keys;
    }

    private static Optional<Instant> time(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText(), JIRA_TIME).toInstant());
        } catch (DateTimeParseException notJirasForm) {
            try {
                return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static String clip(String title) {
        return title.length() <= SUMMARY_LIMIT ? title : title.substring(0, SUMMARY_LIMIT - 3) + "...";
    }
}
