package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.ContainerGke;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.policy.Prevention;
import dev.metadataguard.policy.Prevention.Method;
import dev.metadataguard.policy.Prevention.Place;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The preview over one replay ({@code --prevent}): which creations and updates the constraints would have
 * refused, what each row's request was judged on, and, where the guard judged the same pool otherwise, why.
 * Every part of one operation (its first entry carries the request, its last does not) shares its verdict.
 */
final class PreviewRun {

    /** @param unjudged why there was nothing to judge, when there was not */
    record Verdict(List<Prevention.Constraint> refused, String unjudged) {
        List<String> names() {
            return refused.stream().map(Prevention.Constraint::name).toList();
        }
    }

    private final Preview preview;
    private final ObjectMapper mapper;
    private final ContainerGke client;
    private final EmbeddedGke gke;
    private final Map<String, Verdict> byOperation = new HashMap<>();
    private int requests;
    private int refusedRequests;
    private int pools;
    private int refusedPools;

    PreviewRun(Preview preview, ObjectMapper mapper, ContainerGke client, EmbeddedGke gke) {
        this.preview = preview;
        this.mapper = mapper;
        this.client = client;
        this.gke = gke;
    }

    /**
     * The verdict on a request already applied to the embedded GKE: a creation on its request as sent, an
     * update (UpdateX and SetX methods) on the resource after it. Other methods (deletions) are not judged.
     */
    Optional<Verdict> judge(String method, String resource, JsonNode request, String operation) {
        String name = method.substring(method.lastIndexOf('.') + 1);
        Optional<ResourceRef> ref = ResourceRef.parse(resource);
        Verdict verdict;
        if (name.startsWith("Create")) {
            verdict = creation(request);
        } else if ((name.startsWith("Update") || name.startsWith("Set")) && ref.isPresent()) {
            verdict = update(ref.get());
        } else {
            return Optional.empty();
        }
        requests++;
        refusedRequests += verdict.refused().isEmpty() ? 0 : 1;
        if (!operation.isEmpty()) {
            byOperation.put(operation, verdict);
        }
        return Optional.of(verdict);
    }

    /** The verdict the first entry of {@code operation} had, for its later entries. */
    Optional<Verdict> remembered(String operation) {
        return Optional.ofNullable(byOperation.get(operation));
    }

    /** An estate audit's pool (or auto-provisioning defaults), judged as listed, as at its creation. */
    Verdict listed(String rowResource, JsonNode cluster) {
        Optional<ResourceRef> ref = ResourceRef.parse(rowResource);
        Verdict verdict;
        if (ref.isPresent() && ref.get().isNodePool()) {
            JsonNode pool = null;
            for (JsonNode p : cluster.path("nodePools")) {
                pool = ref.get().nodePool().equals(p.path("name").asText()) ? p : pool;
            }
            verdict = pool == null ? new Verdict(List.of(), "the pool is not in the listing")
                    : new Verdict(preview.refusing(Method.CREATE, EnumSet.of(Place.NODE_POOL), pool), "");
        } else {
            verdict = new Verdict(preview.refusing(Method.CREATE, EnumSet.of(Place.AUTOPROVISIONING), cluster), "");
        }
        pools++;
        refusedPools += verdict.refused().isEmpty() ? 0 : 1;
        return verdict;
    }

    private Verdict creation(JsonNode request) {
        if (request.path("nodePool").isObject()) {
            return new Verdict(preview.refusing(Method.CREATE, EnumSet.of(Place.NODE_POOL), request.get("nodePool")), "");
        }
        JsonNode cluster = request.path("cluster");
        Set<Prevention.Constraint> refused = new LinkedHashSet<>(preview.refusing(Method.CREATE,
                EnumSet.of(Place.DEFAULT_POOL, Place.AUTOPROVISIONING), cluster));
        // Whether a NodePool constraint sees the pools of a CreateCluster is not documented: the stricter reading.
        cluster.path("nodePools").forEach(pool -> refused.addAll(preview.refusing(Method.CREATE,
                EnumSet.of(Place.NODE_POOL), pool)));
        return new Verdict(List.copyOf(refused), "");
    }

    private Verdict update(ResourceRef ref) {
        if (gke.isPlaceholder(ref.clusterName())) {
            return new Verdict(List.of(), "not judged: the cluster was created before the input began, so what the"
                    + " update leaves is unknown");
        }
        try {
            MessageOrBuilder after = ref.isNodePool() ? client.getNodePool(ref) : client.getCluster(ref.clusterRef());
            return new Verdict(preview.refusing(Method.UPDATE, ref.isNodePool() ? EnumSet.of(Place.NODE_POOL)
                    : EnumSet.of(Place.DEFAULT_POOL, Place.AUTOPROVISIONING), json(after)), "");
        } catch (ApiFailure unknown) {
            return new Verdict(List.of(), "not judged: the resource was never seen (" + unknown.kind() + ")");
        }
    }

    private JsonNode json(MessageOrBuilder message) {
        try {
            return mapper.readTree(JsonFormat.printer().print(message));
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(new java.io.IOException(e));
        }
    }

    /**
     * The row with the verdict, and for each preventable check the guard judged otherwise, why: a creation is
     * judged on the request as sent, the guard on the pool GKE made from it.
     */
    Row apply(Row row, Verdict verdict) {
        List<String> notes = new ArrayList<>();
        if (!verdict.unjudged().isEmpty()) {
            notes.add(verdict.unjudged());
        } else if (List.of("compliant", "violation", "exempt").contains(row.outcome())) {
            Set<String> refusedChecks = new LinkedHashSet<>(verdict.refused().stream()
                    .map(Prevention.Constraint::checkId).toList());
            boolean cluster = ResourceRef.parse(row.resource()).map(r -> !r.isNodePool()).orElse(false);
            boolean wholeCluster = row.method().endsWith("CreateCluster") && !cluster;
            for (String check : preview.preventableChecks()) {
                boolean found = row.findings().contains(check);
                if (refusedChecks.contains(check) && !found) {
                    // A CreateCluster is refused whole: one pool's settings refuse its neighbours' creation too.
                    notes.add(check + " refused on the request as sent" + (wholeCluster
                            ? ", for this pool or another pool or default of the same CreateCluster, which is refused"
                                    + " whole; the guard found this pool safe"
                            : ", which left the setting to GKE (or asked for legacy concealment, which the v1 resource"
                                    + " cannot show); the guard found what GKE made of it safe"));
                } else if (found && !refusedChecks.contains(check)) {
                    notes.add(check + " found by the guard, but not in this request: " + (cluster
                            ? "GKE set these auto-provisioning defaults itself (Autopilot, or defaults the request left out)"
                            : "the pool came from a default GKE applied, another request, or auto-provisioning"));
                }
            }
        }
        return row.withPrevented(verdict.names(), notes.isEmpty() ? "" : "; prevent: " + String.join("; ", notes));
    }

    /** The summary's lines. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        if (requests > 0 || pools == 0) {
            lines.add(refusedRequests + " of " + requests + " creations and updates would have been refused");
        }
        if (pools > 0) {
            lines.add(refusedPools + " of " + pools + " listed pools and auto-provisioning defaults would have been"
                    + " refused when they were made");
        }
        return lines;
    }
}
