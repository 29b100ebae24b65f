package dev.metadataguard.ticket.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.ticket.Block;
import dev.metadataguard.ticket.OutcomeKey;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketRecord;
import dev.metadataguard.ticket.TicketRenderer;
import dev.metadataguard.config.TicketSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * GitHub Issues, REST API version 2022-11-28: issues listed by label, the fingerprint also as a hidden
 * marker in the body, comments, and closing or reopening with PATCH.
 */
final class GitHubTracker implements Tracker {

    static final String NAME = "github";
    static final String TOKEN_VARIABLE = "MG_GITHUB_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String repository;
    private final String pages;
    private final SinkHttp http;
    private final Secret token;

    GitHubTracker(TicketSettings.Github settings, Secret token, HttpTransport transport) {
        String slug = settings.owner() + "/" + settings.repo();
        String api = settings.apiUrl().replaceAll("/+$", "");
        this.repository = api + "/repos/" + slug;
        // github.com's API is api.github.com; GitHub Enterprise Server serves it under /api/v3 of the site.
        this.pages = (api.equals("https://api.github.com") ? "https://github.com" : api.replaceAll("/api/v3$", ""))
                + "/" + slug + "/issues/";
        this.token = token;
        this.http = new SinkHttp(transport, new SinkHttp.Advice(
                "the token in " + TOKEN_VARIABLE + " is missing, expired or revoked",
                "the token in " + TOKEN_VARIABLE + " needs Issues: read and write on " + slug,
                "check tickets.github.owner and tickets.github.repo (" + slug + ") and tickets.github.apiUrl;"
                        + " GitHub also answers 404 when the token cannot see a private repository"),
                token);
    }

    @Override
    public List<TicketRecord> search(String label) {
        JsonNode issues = http.sendForJson("github.issues.list", get("/issues?labels=" + label
                + "&state=all&sort=created&direction=asc&per_page=100"));
        List<TicketRecord> records = new ArrayList<>();
        for (JsonNode issue : issues) {
            if (issue.has("pull_request")) {
                continue; // the issues list includes pull requests
            }
            String number = issue.path("number").asText();
            // Outcome markers count only in what the guard wrote: the issue it opened, and its own comments.
            String guard = issue.path("user").path("login").asText("");
            Set<String> outcomes = new HashSet<>(OutcomeKey.findIn(issue.path("body").asText("")));
            if (issue.path("comments").asInt() > 0) {
                for (JsonNode comment : http.sendForJson("github.issues.comments",
                        get("/issues/" + number + "/comments?per_page=100"))) {
                    if (!guard.isEmpty() && guard.equals(comment.path("user").path("login").asText())) {
                        outcomes.addAll(OutcomeKey.findIn(comment.path("body").asText("")));
                    }
                }
            }
            List<String> labels = StreamSupport.stream(issue.path("labels").spliterator(), false)
                    .map(named -> named.path("name").asText()).toList();
            boolean open = "open".equals(issue.path("state").asText());
            records.add(new TicketRecord(number, TicketKeys.fingerprintIn(labels).orElse(""), open,
                    open ? Optional.empty() : closedAt(issue.path("closed_at")), outcomes, Optional.empty()));
        }
        return records;
    }

    @Override
    public String open(Ticket ticket) {
        List<Block> body = new ArrayList<>(TicketRenderer.body(ticket));
        body.add(new Block.Marker("metadata-guard:" + ticket.fingerprint()));
        ObjectNode issue = JSON.createObjectNode()
                .put("title", ticket.title())
                .put("body", TicketRenderer.markdown(body));
        TicketKeys.labels(ticket).forEach(issue.putArray("labels")::add);
        return http.sendForJson("github.issues.create", send("POST", "/issues", issue)).path("number").asText();
    }

    @Override
    public String link(String issue) {
        return pages + issue;
    }

    @Override
    public void close(String issue) {
        ObjectNode state = JSON.createObjectNode().put("state", "closed").put("state_reason", "completed");
        http.send("github.issues.update", send("PATCH", "/issues/" + issue, state));
    }

    @Override
    public void reopen(String issue) {
        ObjectNode state = JSON.createObjectNode().put("state", "open");
        http.send("github.issues.update", send("PATCH", "/issues/" + issue, state));
    }

    @Override
    public void comment(String number, List<Block> note) {
        http.send("github.issues.comment", send("POST", "/issues/" + number + "/comments",
                JSON.createObjectNode().put("body", TicketRenderer.markdown(note))));
    }

    private HttpRequest get(String path) {
        return authorised(path).GET().build();
    }

    private HttpRequest send(String method, String path, JsonNode body) {
        return authorised(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpRequest.Builder authorised(String path) {
        return http.request(URI.create(repository + path))
                .setHeader("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Authorization", "Bearer " + token.value());
    }

    private static Optional<Instant> closedAt(JsonNode value) {
        try {
            return value.isTextual() ? Optional.of(Instant.parse(value.asText())) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
