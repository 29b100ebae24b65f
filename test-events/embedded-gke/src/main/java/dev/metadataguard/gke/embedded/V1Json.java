package dev.metadataguard.gke.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads cluster and node-pool JSON of any API version into the v1 protos: the v1beta1
 * {@code workloadMetadataConfig.nodeMetadata} becomes a v1 {@code mode} where v1 has one (and is
 * returned, since SECURE has none), {@code identityNamespace} becomes {@code workloadPool}, and unknown
 * fields are ignored, since Google keeps adding them.
 */
final class V1Json {

    private V1Json() {
    }

    /** A cluster's JSON, reshaped in a copy: the cluster and the v1beta1 {@code nodeMetadata} per pool. */
    record ClusterJson(ObjectNode cluster, Map<String, String> nodeMetadataByPool) {
    }

    static ClusterJson cluster(JsonNode json) {
        ObjectNode cluster = json.deepCopy();
        Map<String, String> nodeMetadata = new LinkedHashMap<>();
        JsonNode pools = cluster.path("nodePools");
        for (JsonNode pool : pools) {
            nodeMetadata(pool.path("config")).ifPresent(value -> nodeMetadata.put(pool.path("name").asText(), value));
        }
        if (pools.isEmpty()) {
            // The deprecated cluster-level nodeConfig describes the default-pool GKE builds from it.
            nodeMetadata(cluster.path("nodeConfig")).ifPresent(value -> nodeMetadata.put(GkeDefaults.DEFAULT_POOL, value));
        }
        identityNamespace(cluster.path("workloadIdentityConfig"));
        return new ClusterJson(cluster, nodeMetadata);
    }

    /** The v1beta1 {@code identityNamespace} of a WorkloadIdentityConfig becomes the v1 {@code workloadPool}, in place. */
    static void identityNamespace(JsonNode config) {
        if (config instanceof ObjectNode identity && !identity.has("workloadPool") && identity.has("identityNamespace")) {
            identity.set("workloadPool", identity.get("identityNamespace"));
        }
    }

    /**
     * Maps a node config's v1beta1 {@code nodeMetadata} onto the v1 {@code mode} in place, unless a
     * mode is given too, and returns the value given. SECURE (concealment) has no v1 mode.
     */
    static Optional<String> nodeMetadata(JsonNode config) {
        if (!(config.path("workloadMetadataConfig") instanceof ObjectNode workloadMetadata)
                || !workloadMetadata.has("nodeMetadata")) {
            return Optional.empty();
        }
        String requested = workloadMetadata.get("nodeMetadata").asText();
        String mode = switch (requested) {
            case "GKE_METADATA_SERVER" -> "GKE_METADATA";
            case "EXPOSE" -> "GCE_METADATA";
            default -> null;
        };
        if (mode != null && !workloadMetadata.has("mode")) {
            workloadMetadata.put("mode", mode);
        }
        return Optional.of(requested);
    }

    /** @param what what the JSON is, for the error: "audit request", "listed cluster" */
    @SuppressWarnings("unchecked")
    static <M extends Message> M parse(JsonNode json, Message.Builder builder, String what) {
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json.toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(what + " does not fit the v1 "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage(), e);
        }
        return (M) builder.build();
    }
}
