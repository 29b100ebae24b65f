package dev.metadataguard.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.event.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clusters {@code gcloud} prints, for the estate audit: a cluster as {@code gcloud container
 * clusters describe --format=json} prints it (and each element of {@code clusters list}), the REST
 * {@code ListClusters} response ({@code {"clusters": [...]}}), and a Cloud Asset Inventory asset
 * ({@code gcloud asset list --content-type=resource}) holding the cluster under {@code resource.data}.
 * None of them has a project field: the name comes from the cluster's {@code selfLink}, or the asset's
 * name. Anything else is not a listing, and is read as an audit entry.
 * <p>
 * Which API version it was read through decides whether legacy concealment can show: only v1beta1 (and
 * v1alpha1) have {@code workloadMetadataConfig.nodeMetadata}; v1's WorkloadMetadataConfig has only {@code mode}.
 * The cluster's {@code selfLink} names the version it was read through ({@code gcloud beta container clusters list}
 * prints {@code .../v1beta1/projects/...}), and an asset names it in {@code resource.version}.
 */
final class ClusterListing {

    static final String CLUSTER_ASSET_TYPE = "container.googleapis.com/Cluster";
    /** Why MG001 cannot be settled for a pool without a mode in such a listing, and what to do. */
    static final String CONCEALMENT_UNREAD = "a v1 listing cannot show concealment; list with"
            + " `gcloud beta container clusters list`";

    /** {@code https://container.googleapis.com/v1/projects/P/zones/Z/clusters/C}, any API version. */
    private static final Pattern SELF_LINK = Pattern.compile(
            "^https://container\\.googleapis\\.com/(v1(?:alpha1|beta1)?)/(projects/[^?#]+)$");

    /** One cluster of a listing, or why one element could not be used. */
    sealed interface Item {
        /** Which listing it came from, for the summary's method column. */
        String shape();
    }

    /**
     * @param cluster          its name, {@code projects/P/locations/L/clusters/C}; {@code json} as listed
     * @param showsConcealment read through v1beta1 or v1alpha1, so its pools' {@code nodeMetadata} shows
     */
    record Listed(String shape, String cluster, JsonNode json, boolean showsConcealment) implements Item {
    }

    /** An element of a listing that is not a cluster the audit can use, with what is wrong and what to do. */
    record Unusable(String shape, String resource, String reason) implements Item {
    }

    /** An asset of another type, which an asset export may well hold: not an error. */
    record OtherAsset(String shape, String resource, String reason) implements Item {
    }

    static final String DESCRIBED = "gcloud clusters describe/list";
    static final String LIST_CLUSTERS = "ListClusters";
    static final String ASSET = "gcloud asset list";

    private ClusterListing() {
    }

    /** The clusters in {@code value}; empty when it is not a cluster listing at all. */
    static Optional<List<Item>> of(JsonNode value) {
        if (!value.isObject() || value.has("protoPayload") || value.has("logName")) {
            return Optional.empty();
        }
        if (value.has("assetType") && value.path("resource").isObject()) {
            return Optional.of(List.of(asset(value)));
        }
        if (value.path("clusters").isArray() && value.size() <= 2
                && (value.size() == 1 || value.has("missingZones"))) {
            List<Item> items = new ArrayList<>();
            value.get("clusters").forEach(c -> items.add(cluster(LIST_CLUSTERS, c)));
            return Optional.of(items);
        }
        if (value.has("selfLink") || (value.path("name").isTextual() && value.path("nodePools").isArray())) {
            return Optional.of(List.of(cluster(DESCRIBED, value)));
        }
        return Optional.empty();
    }

    private static Item cluster(String shape, JsonNode cluster) {
        String name = cluster.path("name").asText("");
        if (!cluster.isObject()) {
            return new Unusable(shape, "", "an element of \"clusters\" is not a cluster object");
        }
        String selfLink = cluster.path("selfLink").asText("");
        Matcher link = SELF_LINK.matcher(selfLink);
        Optional<ResourceRef> ref = link.matches() ? ResourceRef.parse(link.group(2)) : Optional.empty();
        if (ref.isEmpty() || ref.get().isNodePool()) {
            return new Unusable(shape, name, (selfLink.isEmpty() ? "cluster has no selfLink"
                    : "selfLink is not a GKE cluster's (https://container.googleapis.com/v1/projects/P/"
                    + "locations/L/clusters/C)") + ", so its project is unknown; export it unchanged with"
                    + " gcloud container clusters list --format=json");
        }
        return named(shape, ref.get(), name, cluster, !link.group(1).equals("v1"));
    }

    private static Item asset(JsonNode asset) {
        String name = asset.path("name").asText("");
        String type = asset.path("assetType").asText("");
        if (!CLUSTER_ASSET_TYPE.equals(type)) {
            return new OtherAsset(ASSET, name, "asset type " + type + " is not " + CLUSTER_ASSET_TYPE);
        }
        Optional<ResourceRef> ref = ResourceRef.parse(name).filter(r -> !r.isNodePool());
        if (ref.isEmpty()) {
            return new Unusable(ASSET, name, "asset name is not a GKE cluster's"
                    + " (//container.googleapis.com/projects/P/locations/L/clusters/C)");
        }
        JsonNode data = asset.path("resource").path("data");
        if (!data.isObject()) {
            return new Unusable(ASSET, name, "asset has no resource.data; list it with --content-type=resource");
        }
        String version = asset.path("resource").path("version").asText("");
        return named(ASSET, ref.get(), data.path("name").asText(""), data, version.equals("v1beta1")
                || version.equals("v1alpha1"));
    }

    private static Item named(String shape, ResourceRef ref, String name, JsonNode cluster, boolean showsConcealment) {
        if (!name.equals(ref.cluster())) {
            return new Unusable(shape, ref.name(), "the cluster's name is not the one its link names;"
                    + " export it unchanged");
        }
        return new Listed(shape, ref.name(), cluster, showsConcealment);
    }
}
