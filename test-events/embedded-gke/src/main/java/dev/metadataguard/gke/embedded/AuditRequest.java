package dev.metadataguard.gke.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code protoPayload.request} of a CreateCluster or CreateNodePool audit entry, as v1 protos.
 * Whatever the method's API version (and whatever {@code @type} says, often v1alpha1), the JSON is
 * reshaped into v1: the deprecated v1beta1 {@code workloadMetadataConfig.nodeMetadata} becomes a
 * {@code mode} where v1 has one (and is remembered as requested), and {@code identityNamespace}
 * becomes {@code workloadPool}. Unknown fields are ignored, since Google keeps adding them.
 */
sealed interface AuditRequest {

    /** Seeds the embedded GKE with what the request created; false when it already held it. */
    boolean seedInto(ClusterStore store, ResourceName resource);

    record ClusterCreation(Cluster cluster, Map<String, String> nodeMetadataByPool) implements AuditRequest {
        @Override
        public boolean seedInto(ClusterStore store, ResourceName resource) {
            return store.seedCluster(resource.clusterRef(), cluster, nodeMetadataByPool);
        }
    }

    record NodePoolCreation(NodePool nodePool, Optional<String> nodeMetadata) implements AuditRequest {
        @Override
        public boolean seedInto(ClusterStore store, ResourceName resource) {
            String name = resource.isNodePool() ? resource.nodePool() : nodePool.getName();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("CreateNodePool request for " + resource + " names no node pool");
            }
            return store.seedNodePool(resource.withNodePool(name), nodePool, nodeMetadata);
        }
    }

    static AuditRequest read(JsonNode request) {
        if (request.path("cluster").isObject()) {
            ObjectNode cluster = request.get("cluster").deepCopy();
            Map<String, String> nodeMetadata = new LinkedHashMap<>();
            JsonNode pools = cluster.path("nodePools");
            for (JsonNode pool : pools) {
                toV1(pool.path("config")).ifPresent(value -> nodeMetadata.put(pool.path("name").asText(), value));
            }
            if (pools.isEmpty()) {
                // The deprecated cluster-level nodeConfig describes the default-pool GKE builds from it.
                toV1(cluster.path("nodeConfig")).ifPresent(value -> nodeMetadata.put(GkeDefaults.DEFAULT_POOL, value));
            }
            if (cluster.path("workloadIdentityConfig") instanceof ObjectNode identity
                    && !identity.has("workloadPool") && identity.has("identityNamespace")) {
                identity.set("workloadPool", identity.get("identityNamespace"));
            }
            return new ClusterCreation(parse(cluster, Cluster.newBuilder()), nodeMetadata);
        }
        if (request.path("nodePool").isObject()) {
            ObjectNode pool = request.get("nodePool").deepCopy();
            Optional<String> nodeMetadata = toV1(pool.path("config"));
            return new NodePoolCreation(parse(pool, NodePool.newBuilder()), nodeMetadata);
        }
        throw new IllegalArgumentException("not a CreateCluster or CreateNodePool request: it has neither cluster nor nodePool");
    }

    /**
     * Maps a node config's v1beta1 {@code nodeMetadata} onto the v1 {@code mode} in place, unless a
     * mode is given too, and returns the requested value. SECURE (concealment) has no v1 mode.
     */
    private static Optional<String> toV1(JsonNode config) {
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

    @SuppressWarnings("unchecked")
    private static <M extends Message> M parse(JsonNode json, Message.Builder builder) {
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json.toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("audit request does not fit the v1 "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage(), e);
        }
        return (M) builder.build();
    }
}
