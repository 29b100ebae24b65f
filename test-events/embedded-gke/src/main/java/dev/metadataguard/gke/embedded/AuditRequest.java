package dev.metadataguard.gke.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
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

    /** @throws IllegalArgumentException naming the field that does not fit, as {@link JsonShape} does */
    static AuditRequest read(JsonNode request) {
        if (request.path("cluster").isObject()) {
            V1Json.ClusterJson cluster = V1Json.cluster(request.get("cluster"));
            JsonShape.check(cluster.cluster(), Cluster.getDescriptor(), "protoPayload.request.cluster");
            return new ClusterCreation(V1Json.parse(cluster.cluster(), Cluster.newBuilder(), "audit request"),
                    cluster.nodeMetadataByPool());
        }
        if (request.path("nodePool").isObject()) {
            ObjectNode pool = request.get("nodePool").deepCopy();
            Optional<String> nodeMetadata = V1Json.nodeMetadata(pool.path("config"));
            JsonShape.check(pool, NodePool.getDescriptor(), "protoPayload.request.nodePool");
            return new NodePoolCreation(V1Json.parse(pool, NodePool.newBuilder(), "audit request"), nodeMetadata);
        }
        throw new IllegalArgumentException("not a CreateCluster or CreateNodePool request: it has neither cluster nor nodePool");
    }
}
