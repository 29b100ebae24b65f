package dev.metadataguard.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metadataguard.decision.RemediationOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the replacer planned or did about one pool, for a script reading {@code --json} rather than the
 * reason's prose: the replacement's name, whether it was planned (dry-run), created, found existing,
 * failed (GKE's operation ended in error) or refused (with the reason), its node count and the settings
 * that make it compliant.
 *
 * @param nodes    the replacement's nodes per zone, as its request or the live pool says; absent when unknown
 * @param settings machine type, service account, scopes, metadata mode and legacy endpoints, as set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Remedy(String kind, String pool, String status, Integer nodes, Map<String, Object> settings, String reason) {

    /**
     * @param replacement the replacement pool as GKE holds it (JSON), when there is one to read
     */
    static Optional<Remedy> of(RemediationOutcome o, Optional<JsonNode> replacement, ObjectMapper mapper) {
        String pool = o.replacement().isEmpty() ? null : o.replacement().substring(o.replacement().lastIndexOf('/') + 1);
        return switch (o.kind()) {
            case DRY_RUN_PLAN -> plan(o.detail(), mapper)
                    .map(request -> of(pool, "planned", request.path("nodePool")))
                    .or(() -> Optional.of(of(pool, "exists", replacement.orElse(null))));
            case REPLACEMENT_CREATED -> Optional.of(of(pool, o.operation().isEmpty() ? "exists" : "created",
                    replacement.orElse(null)));
            case REPLACEMENT_FAILED -> Optional.of(new Remedy("replace", pool, "failed", null, null, o.detail()));
            case PRECONDITION_FAILED -> Optional.of(new Remedy("replace", null, "refused", null, null, o.detail()));
            default -> Optional.empty();
        };
    }

    private static Remedy of(String pool, String status, JsonNode nodePool) {
        if (nodePool == null || !nodePool.isObject()) {
            return new Remedy("replace", pool, status, null, null, null);
        }
        JsonNode config = nodePool.path("config");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("machineType", config.path("machineType").asText(""));
        settings.put("serviceAccount", config.path("serviceAccount").asText(""));
        List<String> scopes = new ArrayList<>();
        config.path("oauthScopes").forEach(s -> scopes.add(s.asText()));
        settings.put("oauthScopes", scopes);
        settings.put("workloadMetadataMode", config.path("workloadMetadataConfig").path("mode").asText(""));
        settings.put("disableLegacyEndpoints", config.path("metadata").path("disable-legacy-endpoints").asText(""));
        JsonNode count = nodePool.path("initialNodeCount");
        return new Remedy("replace", pool, status, count.canConvertToInt() ? count.asInt() : null, settings, null);
    }

    /** A dry run's detail is the CreateNodePool request it would send, as JSON; anything else is no plan. */
    private static Optional<JsonNode> plan(String detail, ObjectMapper mapper) {
        if (!detail.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readTree(detail));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
