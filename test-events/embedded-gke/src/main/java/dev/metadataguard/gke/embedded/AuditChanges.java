package dev.metadataguard.gke.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.DeleteClusterRequest;
import com.google.container.v1.DeleteNodePoolRequest;
import com.google.container.v1.SetLabelsRequest;
import com.google.container.v1.SetNodePoolAutoscalingRequest;
import com.google.container.v1.SetNodePoolManagementRequest;
import com.google.container.v1.SetNodePoolSizeRequest;
import com.google.container.v1.UpdateClusterRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies the request of an audit entry's first part to the embedded GKE, so the entries that follow
 * find what it changed. A creation seeds what it created (GKE's defaults applied); every other method is
 * parsed into its v1 request and sent to the embedded GKE's own gRPC method, whose rules apply as they do
 * to the guard's calls. Values of a real export that are GKE's own checksums and not the embedded GKE's are
 * dropped or replaced by the current ones: a node pool's {@code etag}, an UpdateCluster's {@code update.etag}
 * and a cluster's {@code labelFingerprint}.
 */
final class AuditChanges {

    /** Methods whose changes no check reads (maintenance, logging, addons, control plane, IP rotation, ...). */
    private static final Set<String> UNCHECKED = Set.of("SetMaintenancePolicy", "SetLoggingService",
            "SetMonitoringService", "SetAddonsConfig", "SetLegacyAbac", "SetNetworkPolicy", "SetMasterAuth",
            "StartIPRotation", "CompleteIPRotation", "SetLocations", "UpdateMaster", "RollbackNodePoolUpgrade",
            "CompleteNodePoolUpgrade", "CancelOperation");
    private static final Set<String> APPLIED = Set.of("CreateCluster", "CreateNodePool", "UpdateNodePool",
            "UpdateCluster", "SetNodePoolSize", "SetNodePoolAutoscaling", "SetNodePoolManagement", "SetLabels",
            "DeleteNodePool", "DeleteCluster");
    private static final List<String> NAMING = List.of("name", "parent", "project_id", "zone", "cluster_id",
            "node_pool_id", "operation_id");

    private final ClusterStore store;
    private final ClusterManagerGrpc.ClusterManagerBlockingStub gke;

    AuditChanges(ClusterStore store, ManagedChannel channel) {
        this.store = store;
        this.gke = ClusterManagerGrpc.newBlockingStub(channel);
    }

    EmbeddedGke.Applied apply(String method, String resource, JsonNode request) {
        String verb = method.substring(method.lastIndexOf('.') + 1);
        if (!APPLIED.contains(verb)) {
            return new EmbeddedGke.Applied(false, UNCHECKED.contains(verb)
                    ? verb + " changes nothing the checks read; not applied"
                    : verb + " is not a method the replay applies; nothing changed");
        }
        ResourceName ref = ResourceName.of(resource);
        return switch (verb) {
            case "CreateCluster", "CreateNodePool" -> AuditRequest.read(request).seedInto(store, ref)
                    ? applied(verb + " created it") : new EmbeddedGke.Applied(false, "already known; left as it was");
            case "UpdateNodePool" -> updateNodePool(ref, request);
            case "UpdateCluster" -> call(verb, UpdateClusterRequest.newBuilder(), ref, withoutUpdateEtag(request),
                    r -> gke.updateCluster((UpdateClusterRequest) r));
            case "SetNodePoolSize" -> call(verb, SetNodePoolSizeRequest.newBuilder(), ref, request,
                    r -> gke.setNodePoolSize((SetNodePoolSizeRequest) r));
            case "SetNodePoolAutoscaling" -> call(verb, SetNodePoolAutoscalingRequest.newBuilder(), ref, request,
                    r -> gke.setNodePoolAutoscaling((SetNodePoolAutoscalingRequest) r));
            case "SetNodePoolManagement" -> call(verb, SetNodePoolManagementRequest.newBuilder(), ref, request,
                    r -> gke.setNodePoolManagement((SetNodePoolManagementRequest) r));
            case "SetLabels" -> call(verb, SetLabelsRequest.newBuilder(), ref, request, r -> gke.setLabels(
                    ((SetLabelsRequest) r).toBuilder().setLabelFingerprint(currentFingerprint(ref)).build()));
            case "DeleteNodePool" -> call(verb, DeleteNodePoolRequest.newBuilder(), ref, request,
                    r -> gke.deleteNodePool((DeleteNodePoolRequest) r));
            case "DeleteCluster" -> call(verb, DeleteClusterRequest.newBuilder(), ref, request,
                    r -> gke.deleteCluster((DeleteClusterRequest) r));
            default -> throw new IllegalStateException("no way to apply " + verb);
        };
    }

    /** The v1beta1 {@code nodeMetadata} is read as the v1 mode; SECURE, which v1 lacks, is kept beside it. */
    private EmbeddedGke.Applied updateNodePool(ResourceName ref, JsonNode request) {
        ObjectNode json = request.deepCopy();
        Optional<String> nodeMetadata = V1Json.nodeMetadata(json);
        json.remove("etag");
        EmbeddedGke.Applied applied = call("UpdateNodePool", UpdateNodePoolRequest.newBuilder(), ref, json,
                r -> gke.updateNodePool((UpdateNodePoolRequest) r));
        if (applied.changed() && nodeMetadata.filter("SECURE"::equals).isPresent()) {
            store.rememberNodeMetadata(ref, "SECURE");
        }
        return applied;
    }

    private static JsonNode withoutUpdateEtag(JsonNode request) {
        ObjectNode json = request.deepCopy();
        if (json.path("update") instanceof ObjectNode update) {
            update.remove("etag");
        }
        return json;
    }

    private String currentFingerprint(ResourceName cluster) {
        return store.getCluster(cluster).getLabelFingerprint();
    }

    /**
     * Sends the request, named by the entry's resource, and lets the operation finish: between two audit
     * entries real time passes and GKE finishes what it was doing.
     */
    private EmbeddedGke.Applied call(String verb, Message.Builder builder, ResourceName ref, JsonNode request,
                                     Function<Message, Object> send) {
        ObjectNode json = request.deepCopy();
        json.remove("@type");
        V1Json.identityNamespace(json.path("update").path("desiredWorkloadIdentityConfig"));
        JsonShape.check(json, builder.getDescriptorForType(), "protoPayload.request");
        V1Json.parse(json, builder, "protoPayload.request");
        for (String field : NAMING) {
            FieldDescriptor f = builder.getDescriptorForType().findFieldByName(field);
            if (f != null) {
                builder.clearField(f);
            }
        }
        builder.setField(builder.getDescriptorForType().findFieldByName("name"), ref.name());
        try {
            send.apply(builder.build());
        } catch (StatusRuntimeException refused) {
            if (refused.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return new EmbeddedGke.Applied(false, "nothing applied: " + refused.getStatus().getDescription());
            }
            if (refused.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                // A field the embedded GKE does not model is none the checks read (those it models all): the
                // entry is judged on the state without it, and says so, rather than failing the preview.
                return new EmbeddedGke.Applied(false, "not applied: " + refused.getStatus().getDescription());
            }
            throw new IllegalArgumentException("GKE would refuse this " + verb + " (" + refused.getStatus().getCode()
                    + "): " + refused.getStatus().getDescription(), refused);
        }
        store.completeAllOperations();
        return applied(verb + " applied");
    }

    private static EmbeddedGke.Applied applied(String what) {
        return new EmbeddedGke.Applied(true, what);
    }
}
