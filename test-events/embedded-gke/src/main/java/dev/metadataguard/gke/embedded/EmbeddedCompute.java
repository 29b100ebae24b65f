package dev.metadataguard.gke.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one Compute Engine method GKE's node pools lead to, {@code instanceGroupManagers.get}, over plain
 * HTTP on loopback: the Compute client speaks REST only. It follows the Compute Engine v1 REST reference
 * ("Method: instanceGroupManagers.get": {@code GET /compute/v1/projects/{project}/zones/{zone}/instanceGroupManagers/{instanceGroupManager}},
 * answering the {@code InstanceGroupManager} resource) and Compute's error format ({@code {"error": {"code",
 * "message", "errors": [{"message", "domain", "reason"}]}}}, reason {@code notFound} for 404 and
 * {@code forbidden} for 403). Each pool's group in a zone holds the pool's nodes in that zone.
 */
final class EmbeddedCompute implements AutoCloseable {

    private static final Pattern GET = Pattern.compile(
            "/compute/v1/projects/([^/]+)/zones/([^/]+)/instanceGroupManagers/([^/?]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicBoolean denied = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile ClusterStore store;

    EmbeddedCompute() {
        server = LoopbackServer.create("the embedded Compute Engine");
        server.createContext("/compute/v1/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint a Compute client is pointed at, and the base of the groups' URLs. */
    String endpoint() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Serves the groups {@code store} knows (set once, before any pool is created). */
    void serve(ClusterStore store) {
        this.store = store;
    }

    /** While on, every read answers 403, as for a caller without {@code compute.instanceGroupManagers.get}. */
    void deny(boolean on) {
        denied.set(on);
    }

    int calls() {
        return calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher m = GET.matcher(path);
            if (!"GET".equals(exchange.getRequestMethod()) || !m.matches()) {
                send(exchange, 404, error(404, "notFound", "The requested URL " + path + " was not found on this server."));
                return;
            }
            String resource = "projects/" + m.group(1) + "/zones/" + m.group(2) + "/instanceGroupManagers/" + m.group(3);
            if (denied.get()) {
                send(exchange, 403, error(403, "forbidden",
                        "Required 'compute.instanceGroupManagers.get' permission for '" + resource + "'"));
                return;
            }
            Optional<ClusterStore.InstanceGroup> group = store.instanceGroup(m.group(1), m.group(2), m.group(3));
            if (group.isEmpty()) {
                send(exchange, 404, error(404, "notFound", "The resource '" + resource + "' was not found"));
                return;
            }
            if (group.get().targetSize().isEmpty()) {
                send(exchange, 404, error(404, "notFound", "embedded Compute Engine: the listing its cluster was seeded"
                        + " from does not tell how many nodes '" + resource + "' holds now"));
                return;
            }
            send(exchange, 200, manager(group.get()));
        }
    }

    /**
     * The InstanceGroupManager resource. Its {@code targetSize} is the pool's nodes in the zone; its instances are
     * counted by what they are doing ({@code currentActions}), and only a group none of whose instances "is
     * currently undergoing any type of change" is stable: a RUNNING or failed pool's, one whose nodes have all come.
     */
    private ObjectNode manager(ClusterStore.InstanceGroup group) {
        String zone = endpoint() + "/compute/v1/projects/" + group.project() + "/zones/" + group.zone();
        String base = group.name().endsWith("-grp") ? group.name().substring(0, group.name().length() - 4) : group.name();
        ClusterStore.InstanceGroup.Actions now = group.actions();
        ObjectNode m = JSON.createObjectNode()
                .put("kind", "compute#instanceGroupManager")
                .put("id", Long.toUnsignedString(Integer.toUnsignedLong(group.name().hashCode()) * 7919L))
                .put("name", group.name())
                .put("zone", zone)
                .put("instanceTemplate", endpoint() + "/compute/v1/projects/" + group.project() + "/global/instanceTemplates/" + base)
                .put("instanceGroup", zone + "/instanceGroups/" + group.name())
                .put("baseInstanceName", base)
                .put("targetSize", group.targetSize().getAsInt())
                .put("selfLink", zone + "/instanceGroupManagers/" + group.name())
                .put("listManagedInstancesResults", "PAGELESS");
        m.putArray("versions").addObject().put("instanceTemplate", m.get("instanceTemplate").asText());
        ObjectNode actions = m.putObject("currentActions");
        actions.put("none", now.none()).put("creating", now.creating()).put("deleting", now.deleting());
        for (String idle : new String[] {"creatingWithoutRetries", "verifying", "recreating", "abandoning",
                "restarting", "refreshing", "suspending", "resuming", "stopping", "starting"}) {
            actions.put(idle, 0);
        }
        ObjectNode status = m.putObject("status").put("isStable", now.stable());
        status.putObject("versionTarget").put("isReached", now.stable());
        status.putObject("stateful").put("hasStatefulConfig", false).putObject("perInstanceConfigs").put("allEffective", true);
        return m;
    }

    private static ObjectNode error(int code, String reason, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        error.putArray("errors").addObject().put("message", message).put("domain", "global").put("reason", reason);
        return body;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
