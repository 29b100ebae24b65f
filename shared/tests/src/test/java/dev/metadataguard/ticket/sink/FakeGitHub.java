package dev.metadataguard.ticket.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.ticket.OutcomeKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's Issues REST API (version 2022-11-28) for one repository, answering as documented: bearer
 * token auth, 404 for any other repository, the issues list filtered by labels and state (which also
 * lists pull requests), 422 for invalid issues, comments, and closing or reopening with PATCH.
 */
public final class FakeGitHub extends FakeApi {

    public static final String OWNER = "acme";
    public static final String REPO = "platform-security";
    private static final Pattern PATH = Pattern.compile("/repos/([^/]+)/([^/]+)/issues(?:/(\\d+)(/comments)?)?");

    /** The login of the token's account: GitHub records it as the author of what the token writes. */
    static final String LOGIN = "metadata-guard-bot";

    final Map<Integer, ObjectNode> issues = new LinkedHashMap<>();
    final Map<Integer, List<ObjectNode>> comments = new HashMap<>();
    private final String token;

    /** An issue as it stands, for tests outside this package (the end-to-end suite). */
    public record Issue(int number, String title, String state, List<String> labels, String body,
                        List<String> comments) {
        public Issue {
            labels = List.copyOf(labels);
            comments = List.copyOf(comments);
        }
    }

    public FakeGitHub(Clock clock, String token) {
        super(clock);
        this.token = token;
    }

    /** Every issue in number order, pull requests left out. */
    public synchronized List<Issue> snapshot() {
        return issues.values().stream().filter(i -> !i.has("pull_request")).map(i -> {
            List<String> labels = new ArrayList<>();
            i.path("labels").forEach(l -> labels.add(l.path("name").asText()));
            int number = i.path("number").asInt();
            return new Issue(number, i.path("title").asText(), i.path("state").asText(), labels,
                    i.path("body").asText(), comments.getOrDefault(number, List.of()).stream()
                            .map(c -> c.path("body").asText()).toList());
        }).toList();
    }

    /** A pull request carrying {@code label}: the issues list returns it too. */
    synchronized void addPullRequest(String label) {
        ObjectNode pr = newIssue("A pull request", "", List.of(label));
        pr.putObject("pull_request").put("url", url() + "/repos/" + OWNER + "/" + REPO + "/pulls/" + pr.path("number"));
    }

    synchronized List<TicketLifecycleContract.Held> held() {
        return issues.values().stream().filter(i -> !i.has("pull_request")).map(i -> {
            Set<String> keys = new HashSet<>(OutcomeKey.findIn(i.path("body").asText()));
            comments.getOrDefault(i.path("number").asInt(), List.of()).stream()
                    .filter(c -> c.path("user").path("login").asText().equals(LOGIN))
                    .forEach(c -> keys.addAll(OutcomeKey.findIn(c.path("body").asText())));
            List<String> labels = new ArrayList<>();
            i.path("labels").forEach(l -> labels.add(l.path("name").asText()));
            return new TicketLifecycleContract.Held(TicketKeys.fingerprintIn(labels).orElseThrow(),
                    i.path("state").asText().equals("open"), keys);
        }).toList();
    }

    @Override
    protected Response handle(Request request) {
        if (!("Bearer " + token).equals(request.header("Authorization"))) {
            return Response.json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest\",\"status\":\"401\"}");
        }
        if (!"2022-11-28".equals(request.header("X-GitHub-Api-Version"))) {
            return Response.json(400, "{\"message\":\"Unsupported 'X-GitHub-Api-Version' header\"}");
        }
        Matcher m = PATH.matcher(request.path());
        if (!m.matches() || !m.group(1).equals(OWNER) || !m.group(2).equals(REPO)) {
            return notFound();
        }
        if (m.group(3) == null) {
            return switch (request.method()) {
                case "GET" -> list(query(request.query()));
                case "POST" -> create(request.json());
                default -> notFound();
            };
        }
        int number = Integer.parseInt(m.group(3));
        ObjectNode issue = issues.get(number);
        if (issue == null) {
            return notFound();
        }
        if (m.group(4) != null) {
            if (request.method().equals("GET")) {
                ArrayNode list = JSON.createArrayNode();
                comments.getOrDefault(number, List.of()).forEach(list::add);
                return Response.json(200, list);
            }
            String body = request.json().path("body").asText("");
            if (body.isEmpty()) {
                return invalid("IssueComment", "body");
            }
            return Response.json(201, addComment(number, LOGIN, body));
        }
        if (!request.method().equals("PATCH")) {
            return notFound();
        }
        String state = request.json().path("state").asText();
        if (!Set.of("open", "closed").contains(state)) {
            return invalid("Issue", "state");
        }
        issue.put("state", state);
        if (state.equals("closed")) {
            issue.put("closed_at", clock.instant().toString());
        } else {
            issue.putNull("closed_at");
        }
        return Response.json(200, issue);
    }

    private Response list(Map<String, String> query) {
        Set<String> wanted = new HashSet<>(Arrays.asList(query.getOrDefault("labels", "").split(",")));
        wanted.remove("");
        String state = query.getOrDefault("state", "open");
        ArrayNode answer = JSON.createArrayNode();
        for (ObjectNode issue : issues.values()) {
            Set<String> labels = new HashSet<>();
            issue.path("labels").forEach(l -> labels.add(l.path("name").asText()));
            if (labels.containsAll(wanted) && (state.equals("all") || state.equals(issue.path("state").asText()))) {
                answer.add(issue);
            }
        }
        return Response.json(200, answer);
    }

    private Response create(JsonNode body) {
        if (body.path("title").asText("").isEmpty()) {
            return invalid("Issue", "title");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode label : body.path("labels")) {
            if (label.asText().length() > 50) {
                return invalid("Label", "name");
            }
            labels.add(label.asText());
        }
        return Response.json(201, newIssue(body.path("title").asText(), body.path("body").asText(""), labels));
    }

    /** A comment by {@code login}, as a person with access to the repository writes one. */
    synchronized ObjectNode addComment(int number, String login, String body) {
        List<ObjectNode> thread = comments.computeIfAbsent(number, n -> new ArrayList<>());
        ObjectNode comment = JSON.createObjectNode().put("id", thread.size() + 1).put("body", body);
        comment.putObject("user").put("login", login);
        thread.add(comment);
        issues.get(number).put("comments", thread.size());
        return comment;
    }

    private ObjectNode newIssue(String title, String body, List<String> labels) {
        int number = issues.size() + 1;
        ObjectNode issue = JSON.createObjectNode().put("number", number).put("title", title).put("state", "open")
                .put("body", body).put("comments", 0).putNull("closed_at");
        issue.putObject("user").put("login", LOGIN);
        ArrayNode names = issue.putArray("labels");
        labels.forEach(l -> names.addObject().put("name", l));
        issues.put(number, issue);
        return issue;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static Response notFound() {
        return Response.json(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\","
                + "\"status\":\"404\"}");
    }

    private static Response invalid(String resource, String field) {
        return Response.json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"" + resource
                + "\",\"code\":\"missing_field\",\"field\":\"" + field + "\"}],\"status\":\"422\"}");
    }
}
