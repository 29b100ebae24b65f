package dev.metadataguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metadataguard.config.Json;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.EventDecoder;
import dev.metadataguard.event.Intake;
import dev.metadataguard.replay.RoutedMessage;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The LogEntries of {@code test-events/} files, as the Log Router publishes them, and what they describe. */
final class AuditEntries {

    static final String REPLACER = "node-pool-replacer@guard-host.iam.gserviceaccount.com";

    private AuditEntries() {
    }

    /** The bare LogEntry of a test event, whatever envelope its file uses. */
    static JsonNode of(String testEvent) {
        return RoutedMessage.logEntryIn(TestEvents.json(testEvent), Json.mapper())
                .orElseThrow(() -> new IllegalArgumentException(testEvent + " holds no LogEntry"));
    }

    /** {@code entry} about the same resource in another project of the test events' organisation. */
    static JsonNode inProject(JsonNode entry, String project) {
        try {
            return Json.mapper().readTree(entry.toString().replace("projects/acme-prod/", "projects/" + project + "/"));
        } catch (IOException e) {
            throw new UncheckedIOException("a LogEntry printed by Jackson reads back", e);
        }
    }

    /**
     * The first entry of a CreateNodePool the guard's node-pool replacer made, as Cloud Audit Logs writes it
     * and the Log Router passes it on.
     *
     * @param pool full name, {@code projects/P/locations/L/clusters/C/nodePools/N}
     */
    static JsonNode replacerCreated(String pool, String operation, Instant at) {
        ObjectNode entry = Json.mapper().createObjectNode();
        String project = pool.split("/")[1];
        entry.put("insertId", "replacer-" + operation)
                .put("logName", "projects/" + project + "/logs/cloudaudit.googleapis.com%2Factivity");
        ObjectNode payload = entry.putObject("protoPayload")
                .put("@type", "type.googleapis.com/google.cloud.audit.AuditLog")
                .put("serviceName", "container.googleapis.com")
                .put("methodName", "google.container.v1.ClusterManager.CreateNodePool")
                .put("resourceName", pool);
        payload.putObject("authenticationInfo").put("principalEmail", REPLACER);
        payload.putObject("request")
                .put("@type", "type.googleapis.com/google.container.v1alpha1.CreateNodePoolRequest")
                .put("parent", pool.substring(0, pool.indexOf("/nodePools/")))
                .putObject("nodePool").put("name", pool.substring(pool.lastIndexOf('/') + 1));
        entry.putObject("resource").put("type", "gke_nodepool");
        entry.put("severity", "NOTICE").put("timestamp", at.toString());
        entry.putObject("operation").put("id", operation).put("producer", "container.googleapis.com").put("first", true);
        return entry;
    }

    static byte[] bytes(JsonNode logEntry) {
        return logEntry.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The entry as the guard reads it. */
    static AuditEvent event(JsonNode logEntry) {
        Intake intake = new EventDecoder(Json.mapper()).decode(logEntry, "e2e").get(0);
        return ((Intake.Accepted) intake).event();
    }
}
