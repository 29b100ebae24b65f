package dev.metadataguard.ticket.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.ticket.OutcomeKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira Cloud's REST API v3 as far as the sink uses it, with its documented answers: Basic auth with
 * email and API token, the JQL search ({@code POST /rest/api/3/search/jql}) that is eventually consistent
 * unless the caller passes {@code reconcileIssues}, issue creation with field validation, comments and
 * workflow transitions ("To Do", "In Progress", "Done").
 */
final class FakeJira extends FakeApi {

    static final String EMAIL = "guard@example.com";
    /** The Atlassian account id of {@link #EMAIL}: Jira records it as creator and author of what it writes. */
    static final String ACCOUNT_ID = "5b10ac8d82e05b22cc7d4ef5";
    static final String PROJECT = "SEC";
    private static final Pattern LABEL_QUERY = Pattern.compile("labels = \"([^\"]+)\" ORDER BY created ASC");
    private static final Pattern ISSUE_PATH = Pattern.compile("/rest/api/3/issue/([A-Z]+-\\d+)/(comment|transitions)");
    private static final DateTimeFormatter JIRA_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final Map<String, String[]> TRANSITIONS = Map.of(
            "11", new String[] {"To Do", "new"}, "21", new String[] {"In Progress", "indeterminate"},
            "31", new String[] {"Done", "done"});

    /** One issue as Jira keeps it. */
    static final class Issue {
        final long id;
        final String key;
        final ObjectNode fields;
        final List<JsonNode> comments = new ArrayList<>();
        /** Who wrote each comment, and who edited it last (the same when nobody did). */
        final List<String[]> commentAuthors = new ArrayList<>();
        boolean indexed;
        String category = "new";
        String resolutionDate;

        Issue(long id, String key, ObjectNode fields) {
            this.id = id;
            this.key = key;
            this.fields = fields;
        }

        List<String> labels() {
            List<String> labels = new ArrayList<>();
            fields.path("labels").forEach(l -> labels.add(l.asText()));
            return labels;
        }

        Set<String> outcomeKeys() {
            Set<String> keys = new HashSet<>();
            fields.path("description").findValues("text").forEach(t -> keys.addAll(OutcomeKey.findIn(t.asText())));
            for (int i = 0; i < comments.size(); i++) {
                if (commentAuthors.get(i)[0].equals(ACCOUNT_ID) && commentAuthors.get(i)[1].equals(ACCOUNT_ID)) {
                    comments.get(i).findValues("text").forEach(t -> keys.addAll(OutcomeKey.findIn(t.asText())));
                }
            }
            return keys;
        }
    }

    final Map<String, Issue> issues = new LinkedHashMap<>();
    private final String token;

    FakeJira(Clock clock, String token) {
        super(clock);
        this.token = token;
    }

    /** Jira's index catches up: every issue shows in searches from now on. */
    synchronized void index() {
        issues.values().forEach(issue -> issue.indexed = true);
    }

    synchronized List<TicketLifecycleContract.Held> held() {
        return issues.values().stream()
                .map(i -> new TicketLifecycleContract.Held(
                        TicketKeys.fingerprintIn(i.labels()).orElseThrow(), !i.category.equals("done"), i.outcomeKeys()))
                .toList();
    }

    @Override
    protected Response handle(Request request) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((EMAIL + ":" + token).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.header("Authorization"))) {
            return Response.json(401, "{\"errorMessages\":[\"Client must be authenticated to access this resource.\"],"
                    + "\"errors\":{}}");
        }
        if (request.method().equals("POST") && request.path().equals("/rest/api/3/search/jql")) {
            return search(request.json());
        }
        if (request.method().equals("POST") && request.path().equals("/rest/api/3/issue")) {
            return create(request.json().path("fields"));
        }
        Matcher m = ISSUE_PATH.matcher(request.path());
        if (!m.matches()) {
            return Response.json(404, "{\"errorMessages\":[\"Not found\"],\"errors\":{}}");
        }
        Issue issue = issues.get(m.group(1));
        if (issue == null) {
            return Response.json(404, "{\"errorMessages\":[\"Issue does not exist or you do not have permission to"
                    + " see it.\"],\"errors\":{}}");
        }
        return switch (m.group(2) + " " + request.method()) {
            case "comment GET" -> {
                ObjectNode page = JSON.createObjectNode().put("startAt", 0).put("maxResults", 100)
                        .put("total", issue.comments.size());
                ArrayNode comments = page.putArray("comments");
                for (int i = 0; i < issue.comments.size(); i++) {
                    ObjectNode comment = comments.addObject().put("id", String.valueOf(100 + i));
                    comment.putObject("author").put("accountId", issue.commentAuthors.get(i)[0]);
                    comment.putObject("updateAuthor").put("accountId", issue.commentAuthors.get(i)[1]);
                    comment.set("body", issue.comments.get(i));
                }
                yield Response.json(200, page);
            }
            case "comment POST" -> {
                JsonNode body = request.json().path("body");
                if (!isDocument(body)) {
                    yield badRequest("comment", "Comment body is not valid!");
                }
                issue.comments.add(body);
                issue.commentAuthors.add(new String[] {ACCOUNT_ID, ACCOUNT_ID});
                yield Response.json(201, JSON.createObjectNode().put("id", String.valueOf(issue.comments.size())));
            }
            case "transitions GET" -> {
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode list = answer.putArray("transitions");
                TRANSITIONS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(t -> list.addObject().put("id", t.getKey()).put("name", t.getValue()[0]));
                yield Response.json(200, answer);
            }
            case "transitions POST" -> {
                String[] transition = TRANSITIONS.get(request.json().path("transition").path("id").asText());
                if (transition == null) {
                    yield badRequest("transition", "Transition id is not valid for this issue.");
                }
                issue.category = transition[1];
                issue.resolutionDate = transition[1].equals("done") ? JIRA_TIME.format(clock.instant()) : null;
                yield Response.empty(204);
            }
            default -> Response.json(405, "{\"errorMessages\":[\"Method not allowed\"],\"errors\":{}}");
        };
    }

    private Response search(JsonNode query) {
        Matcher m = LABEL_QUERY.matcher(query.path("jql").asText());
        if (!m.matches() || !query.path("fields").isArray()) {
            return Response.json(400, "{\"errorMessages\":[\"Error in the JQL Query: unexpected query.\"],\"errors\":{}}");
        }
        Set<Long> reconciled = new HashSet<>();
        query.path("reconcileIssues").forEach(id -> reconciled.add(id.asLong()));
        ObjectNode answer = JSON.createObjectNode().put("isLast", true);
        ArrayNode found = answer.putArray("issues");
        for (Issue issue : issues.values()) {
            if (issue.labels().contains(m.group(1)) && (issue.indexed || reconciled.contains(issue.id))) {
                ObjectNode fields = JSON.createObjectNode();
                fields.set("labels", issue.fields.path("labels"));
                fields.putObject("status").putObject("statusCategory").put("key", issue.category);
                fields.put("resolutiondate", issue.resolutionDate);
                fields.set("description", issue.fields.path("description"));
                fields.putObject("creator").put("accountId", ACCOUNT_ID);
                found.addObject().put("id", String.valueOf(issue.id)).put("key", issue.key).set("fields", fields);
            }
        }
        return Response.json(200, answer);
    }

    /** A comment by {@code author}, edited last by {@code editor}, as people with access to the project write them. */
    synchronized void addComment(String key, String author, String editor, JsonNode body) {
        Issue issue = issues.get(key);
        issue.comments.add(body);
        issue.commentAuthors.add(new String[] {author, editor});
    }

    private Response create(JsonNode fields) {
        if (!PROJECT.equals(fields.path("project").path("key").asText())) {
            return badRequest("project", "valid project is required");
        }
        if (!Set.of("Bug", "Task").contains(fields.path("issuetype").path("name").asText())) {
            return badRequest("issuetype", "Specify a valid issue type");
        }
        String summary = fields.path("summary").asText();
        if (summary.isEmpty() || summary.length() > 255 || summary.contains("\n")) {
            return badRequest("summary", "Summary must be less than 255 characters.");
        }
        for (JsonNode label : fields.path("labels")) {
            if (label.asText().contains(" ")) {
                return badRequest("labels", "The label '" + label.asText() + "' contains spaces which is invalid.");
            }
        }
        if (!Set.of("Highest", "High", "Medium", "Low", "Lowest").contains(fields.path("priority").path("name").asText())) {
            return badRequest("priority", "Specify the Priority (name) in the string format");
        }
        if (!isDocument(fields.path("description"))) {
            return badRequest("description", "Operation value must be an Atlassian Document (see the Atlassian"
                    + " Document Format)");
        }
        long id = 10_000 + issues.size();
        String key = PROJECT + "-" + (issues.size() + 1);
        issues.put(key, new Issue(id, key, (ObjectNode) fields.deepCopy()));
        return Response.json(201, JSON.createObjectNode().put("id", String.valueOf(id)).put("key", key)
                .put("self", url() + "/rest/api/3/issue/" + id));
    }

    private static boolean isDocument(JsonNode node) {
        return "doc".equals(node.path("type").asText()) && node.path("version").asInt() == 1
                && node.path("content").isArray();
    }

    private static Response badRequest(String field, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errorMessages");
        body.putObject("errors").put(field, message);
        return Response.json(400, body);
    }
}
