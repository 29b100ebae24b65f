package dev.metadataguard.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One GKE Admin Activity audit entry, decoded from whichever envelope carried it.
 *
 * @param method      full method name, e.g. {@code google.container.v1beta1.ClusterManager.CreateCluster}
 * @param apiVersion  the version segment of {@code method} (never taken from {@code request["@type"]})
 * @param resource    the cluster or node pool the entry is about
 * @param operationId {@code operation.id}; empty for a request rejected at once
 * @param first       {@code operation.first}; absent in the JSON means false
 * @param last        {@code operation.last}; absent in the JSON means false
 * @param principal   {@code authenticationInfo.principalEmail}; only first entries carry it
 * @param request     {@code protoPayload.request}; only first entries carry it
 */
public record AuditEvent(
        String method,
        String apiVersion,
        Verb verb,
        ResourceRef resource,
        Optional<String> operationId,
        boolean first,
        boolean last,
        OperationStatus status,
        String severity,
        Optional<String> principal,
        Optional<Instant> timestamp,
        String insertId,
        Optional<JsonNode> request) {

    public String project() {
        return resource.project();
    }

    public String location() {
        return resource.location();
    }

    public String cluster() {
        return resource.cluster();
    }

    public Optional<String> nodePool() {
        return Optional.ofNullable(resource.nodePool());
    }
}
