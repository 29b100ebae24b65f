package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.event.Intake;
import java.util.Optional;

/**
 * The change an audit entry records, for the embedded GKE to apply: the method, the entry's resource name
 * and the request, which only a first entry carries. An entry the guard evaluates gives it through its
 * decoded event; one of another ClusterManager method (SetNodePoolSize, SetLabels, ...), which the decoder
 * ignores, through its own LogEntry, when it is one and its call did not fail.
 */
record EntryChange(String method, String resource, JsonNode request) {

    private static final String SERVICE = "container.googleapis.com";

    static Optional<EntryChange> of(Intake intake, Optional<JsonNode> entry) {
        if (intake instanceof Intake.Accepted a) {
            return a.event().first() ? a.event().request().map(request ->
                    new EntryChange(a.event().method(), a.event().resource().name(), request)) : Optional.empty();
        }
        if (!(intake instanceof Intake.Ignored) || entry.isEmpty()) {
            return Optional.empty();
        }
        JsonNode payload = entry.get().path("protoPayload");
        JsonNode request = payload.path("request");
        boolean failed = payload.path("status").path("code").asInt(0) != 0;
        if (!SERVICE.equals(payload.path("serviceName").asText()) || !request.isObject() || failed
                || !entry.get().path("operation").path("first").asBoolean(false)
                || !payload.path("methodName").asText().contains(".ClusterManager.")) {
            return Optional.empty();
        }
        return Optional.of(new EntryChange(payload.path("methodName").asText(), payload.path("resourceName").asText(),
                request));
    }
}
