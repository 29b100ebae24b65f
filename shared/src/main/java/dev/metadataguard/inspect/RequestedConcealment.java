package dev.metadataguard.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.event.AuditEvent;
import java.util.Optional;

/**
 * The v1beta1 {@code workloadMetadataConfig.nodeMetadata} a creation request asked for. The v1 API the
 * guard reads has no field for legacy concealment ({@code SECURE}), so the request is the only witness.
 */
final class RequestedConcealment {

    private RequestedConcealment() {
    }

    static Optional<String> of(AuditEvent event, String pool) {
        return event.request().flatMap(request -> nodeConfig(request, pool))
                .map(config -> config.path("workloadMetadataConfig").path("nodeMetadata"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    private static Optional<JsonNode> nodeConfig(JsonNode request, String pool) {
        JsonNode nodePool = request.path("nodePool");
        if (nodePool.isObject()) {
            return pool.equals(nodePool.path("name").asText()) ? Optional.of(nodePool.path("config")) : Optional.empty();
        }
        JsonNode cluster = request.path("cluster");
        for (JsonNode p : cluster.path("nodePools")) {
            if (pool.equals(p.path("name").asText())) {
                return Optional.of(p.path("config"));
            }
        }
        return cluster.has("nodeConfig") && "default-pool".equals(pool)
                ? Optional.of(cluster.path("nodeConfig")) : Optional.empty();
    }
}
